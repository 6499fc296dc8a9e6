// A panel's printing and saving of documents: one at a time (`busy`), the document last made
// shown with «Открыть» / «Показать в папке» (`printed`), the core's refusal to the panel's notice.
import type { Result } from './api';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { Printed } from './files';

export class Printing {
  busy = $state(false);
  printed = $state<Printed | null>(null);

  /**
   * Runs a print (gives the document) or a save (gives its path, or null when the user
   * cancelled the dialog). `report` gets null when it starts and the error if it fails.
   */
  async run(action: () => Promise<Result<Printed | string | null>>, report: (e: ErrorPayload | null) => void) {
    if (this.busy) return;
    this.busy = true;
    report(null);
    this.printed = null;
    const r = await action();
    this.busy = false;
    if (!r.ok) report(r.error);
    else if (typeof r.value === 'string') this.printed = { path: r.value };
    else if (r.value) this.printed = r.value;
  }
}
