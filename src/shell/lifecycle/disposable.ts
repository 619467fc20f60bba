/**
 * A `Disposable` base class that owns the disposables it registers, so a component
 * cleans up everything it created in one `dispose()` (model: vscode-pull-request-github
 * `src/common/lifecycle.ts`).
 */
import * as vscode from 'vscode';

/** Disposes every item, continuing past failures so one bad item cannot leak the rest. */
export function disposeAll(items: Iterable<vscode.Disposable>): void {
  for (const item of items) {
    try {
      item.dispose();
    } catch {
      // Disposal must not throw out of a shutdown path.
    }
  }
}

export abstract class Disposable implements vscode.Disposable {
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables.splice(0).reverse());
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `value`; disposes it at once if this object is already disposed. */
  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.disposables.push(value);
    return value;
  }
}
