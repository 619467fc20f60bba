/**
 * Shows the Add Client guide's questions in VS Code: input boxes and quick picks in one
 * multi-step input (with Back and "step N of M" counting only the steps shown), a
 * discovery failure as a dialog that shows the whole error with its options, and the
 * private key through the shared key picker. The steps themselves are guide-steps.ts.
 */
import * as vscode from 'vscode';
import { pickClientCertificate } from '../ui/certificate-material';
import { pickPrivateKey } from '../ui/key-material';
import { isButton, MultiStepInput, type InputStep } from '../ui/multi-step-input';
import type { GuideState, PickItem, Question, Reply, StepId } from './guide-state';
import { stepNumber } from './guide-state';
import { preferredMethod, STEPS, type GuideContext } from './guide-steps';

type Item = vscode.QuickPickItem & { id: string };

function toItem(p: PickItem): Item {
  return p.separator
    ? { id: p.id, label: p.label, kind: vscode.QuickPickItemKind.Separator }
    : { id: p.id, label: p.label, ...(p.description ? { description: p.description } : {}), ...(p.detail ? { detail: p.detail } : {}) };
}

/** Asks one question; undefined when the step should be shown again (a button other than Back). */
async function present(
  input: MultiStepInput,
  q: Question,
  title: string,
  n: { step: number; totalSteps: number },
): Promise<Reply | undefined> {
  switch (q.kind) {
    case 'input': {
      const value = await input.showInputBox({
        title,
        ...n,
        prompt: q.prompt,
        value: q.value,
        ...(q.placeholder ? { placeholder: q.placeholder } : {}),
        ...(q.password ? { password: true } : {}),
        ...(q.validate ? { validate: q.validate } : {}),
      });
      return isButton(value) ? undefined : { kind: 'text', value };
    }
    case 'pick': {
      const items = q.items.map(toItem);
      const chosen = await input.showQuickPick<Item>({
        title,
        ...n,
        placeholder: q.placeholder,
        items,
        ...(q.active ? { activeItem: items.find((i) => i.id === q.active) } : {}),
      });
      return typeof chosen === 'string' || isButton(chosen) ? undefined : { kind: 'pick', id: chosen.id };
    }
    case 'choice': {
      // A dialog shows the whole message (a quick pick cuts long lines); the step behind
      // it stays disabled, so nothing typed meanwhile goes to an answered step.
      input.pause(title);
      const label = await vscode.window.showErrorMessage(q.message, { modal: true, detail: q.detail }, ...q.options.map((o) => o.label));
      return { kind: 'choice', id: q.options.find((o) => o.label === label)?.id };
    }
    case 'privateKey': {
      const key = await pickPrivateKey(input, { title, ...n });
      return {
        kind: 'key',
        material: key.material,
        loaded: key.loaded,
        ...(key.generatedJwks ? { generatedJwks: key.generatedJwks } : {}),
      };
    }
    case 'certificate':
      return { kind: 'certificate', certificate: await pickClientCertificate(input, { title, ...n }) };
  }
}

/**
 * Runs the guide from `first` over `start`; resolves the finished state, or undefined
 * when the user closed it. Back returns to the previous step with the answers kept.
 */
export async function runGuide(
  title: string,
  start: GuideState,
  ctx: GuideContext,
  first: StepId = 'issuer',
): Promise<GuideState | undefined> {
  let st = start;
  let lastNumber = { step: 1, totalSteps: 1 };
  const step =
    (id: StepId): InputStep =>
    async (input) => {
      const s = STEPS[id];
      lastNumber = stepNumber(id, st, preferredMethod(st)) ?? lastNumber;
      const reply = await present(input, s.ask(st), title, lastNumber);
      if (!reply) return step(id);
      const busy = s.busy?.(st, reply);
      if (busy) input.setBusy(true, `${title} — ${busy}`);
      const t = await s.answer(st, reply, ctx);
      if (busy) input.setBusy(false, title);
      st = t.state;
      return t.next === 'done' ? undefined : step(t.next);
    };
  const completed = await MultiStepInput.run(step(first));
  return completed && st.authMethod ? st : undefined;
}
