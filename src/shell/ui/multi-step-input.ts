/**
 * A small multi-step QuickInput driver (model: vscode-extension-samples
 * quickinput-sample): numbered steps, a Back button, validation on every keystroke
 * (sync or async) and on accept, and a clean cancel (Escape resolves undefined).
 */
import * as vscode from 'vscode';

/** Not a failure: how a step's promise ends when the user goes back or closes the input. */
class InputFlowAction extends Error {
  static readonly back = new InputFlowAction('back');
  static readonly cancel = new InputFlowAction('cancel');
}

export interface InputBoxStep {
  title: string;
  step: number;
  totalSteps: number;
  prompt: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  /** Returns an error message, or undefined when the value is acceptable. */
  validate?: (value: string) => string | undefined | Promise<string | undefined>;
  /** Extra buttons; choosing one resolves with the button. */
  buttons?: vscode.QuickInputButton[];
}

export interface QuickPickStep<T extends vscode.QuickPickItem> {
  title: string;
  step: number;
  totalSteps: number;
  placeholder: string;
  items: T[];
  activeItem?: T;
  /** Lets the user type a value that is not in the list (returned as a string). */
  allowCustom?: (value: string) => string | undefined;
  buttons?: vscode.QuickInputButton[];
}

/** Thrown out of a step function when the user cancelled the whole flow. */
export class FlowCancelled extends Error {}

export type InputStep = (input: MultiStepInput) => Promise<InputStep | void>;

export class MultiStepInput {
  private current?: vscode.QuickInput;
  private steps: InputStep[] = [];

  /** Runs the steps from `start`; resolves false when the user cancelled. */
  static async run(start: InputStep): Promise<boolean> {
    const input = new MultiStepInput();
    return input.stepThrough(start);
  }

  private async stepThrough(start: InputStep): Promise<boolean> {
    let step: InputStep | void = start;
    while (step) {
      this.steps.push(step);
      if (this.current) {
        this.current.enabled = false;
        this.current.busy = true;
      }
      try {
        step = await step(this);
      } catch (err) {
        if (err === InputFlowAction.back) {
          this.steps.pop();
          step = this.steps.pop();
        } else if (err === InputFlowAction.cancel || err instanceof FlowCancelled) {
          this.current?.dispose();
          return false;
        } else {
          this.current?.dispose();
          throw err;
        }
      }
    }
    this.current?.dispose();
    return true;
  }

  /** Shows a transient message in the current step's title area (e.g. "Discovering…"). */
  setBusy(busy: boolean, title?: string): void {
    if (!this.current) return;
    this.current.busy = busy;
    this.current.enabled = !busy;
    if (title) this.current.title = title;
  }

  /** Leaves the current step on screen, idle and disabled, behind a dialog the step shows itself. */
  pause(title?: string): void {
    if (!this.current) return;
    this.current.busy = false;
    this.current.enabled = false;
    if (title) this.current.title = title;
  }

  async showInputBox(p: InputBoxStep): Promise<string | vscode.QuickInputButton> {
    const input = vscode.window.createInputBox();
    input.title = p.title;
    input.step = p.step;
    input.totalSteps = p.totalSteps;
    input.value = p.value ?? '';
    input.prompt = p.prompt;
    input.placeholder = p.placeholder;
    input.password = p.password ?? false;
    input.ignoreFocusOut = true;
    let validating: Promise<string | undefined> = Promise.resolve(undefined);
    const validate = (value: string): Promise<string | undefined> => Promise.resolve(p.validate ? p.validate(value) : undefined);
    return this.present<string>(input, p.buttons, (resolve) => [
      input.onDidAccept(async () => {
        const value = input.value;
        input.enabled = false;
        input.busy = true;
        const problem = await validate(value);
        if (!problem) resolve(value);
        else input.validationMessage = problem;
        input.enabled = true;
        input.busy = false;
      }),
      input.onDidChangeValue(async (text) => {
        const current = validate(text);
        validating = current;
        const problem = await current;
        if (current === validating) input.validationMessage = problem;
      }),
    ]);
  }

  async showQuickPick<T extends vscode.QuickPickItem>(p: QuickPickStep<T>): Promise<T | string | vscode.QuickInputButton> {
    const input = vscode.window.createQuickPick<T>();
    input.title = p.title;
    input.step = p.step;
    input.totalSteps = p.totalSteps;
    input.placeholder = p.placeholder;
    input.items = p.items;
    input.ignoreFocusOut = true;
    input.matchOnDescription = true;
    input.matchOnDetail = true;
    if (p.activeItem) input.activeItems = [p.activeItem];
    return this.present<T | string>(input, p.buttons, (resolve) => [
      input.onDidAccept(() => {
        const picked = input.selectedItems[0];
        if (picked) {
          resolve(picked);
          return;
        }
        if (p.allowCustom && input.value.trim() !== '') {
          const problem = p.allowCustom(input.value.trim());
          if (problem) input.placeholder = problem;
          else resolve(input.value.trim());
        }
      }),
    ]);
  }

  /**
   * Shows `input` as the current step (Back from the second step on, then `buttons`) and
   * settles with what `listen`'s handlers resolve or the extra button chosen; Back and
   * hiding reject with the flow action that stepThrough handles. Listeners live only
   * while the step is shown.
   */
  private async present<R>(
    input: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>,
    buttons: vscode.QuickInputButton[] | undefined,
    listen: (resolve: (value: R) => void) => vscode.Disposable[],
  ): Promise<R | vscode.QuickInputButton> {
    const disposables: vscode.Disposable[] = [];
    try {
      return await new Promise<R | vscode.QuickInputButton>((resolve, reject) => {
        input.buttons = [...(this.steps.length > 1 ? [vscode.QuickInputButtons.Back] : []), ...(buttons ?? [])];
        disposables.push(
          input.onDidTriggerButton((item) => {
            if (item === vscode.QuickInputButtons.Back) reject(InputFlowAction.back);
            else resolve(item);
          }),
          ...listen(resolve),
          input.onDidHide(() => reject(InputFlowAction.cancel)),
        );
        this.current?.dispose();
        this.current = input;
        this.current.show();
      });
    } finally {
      for (const d of disposables) d.dispose();
    }
  }
}

/** True when a QuickInput result is a button rather than a value. */
export function isButton(value: unknown): value is vscode.QuickInputButton {
  return typeof value === 'object' && value !== null && 'iconPath' in value && !('label' in value);
}
