// One modal at a time, asked for with a promise: confirmations and a one-line prompt.
// Rendered by components/DialogHost.svelte.

export interface DialogRequest {
  kind: 'confirm' | 'prompt';
  title: string;
  message: string;
  okLabel: string;
  danger: boolean;
  value: string;
  label: string;
  resolve: (answer: string | null) => void;
}

export const dialog = $state<{ current: DialogRequest | null }>({ current: null });

function ask(req: Omit<DialogRequest, 'resolve'>): Promise<string | null> {
  dialog.current?.resolve(null);
  return new Promise((resolve) => {
    dialog.current = {
      ...req,
      resolve: (answer) => {
        dialog.current = null;
        resolve(answer);
      },
    };
  });
}

export async function confirmDialog(
  title: string,
  message: string,
  options: { okLabel?: string; danger?: boolean } = {},
): Promise<boolean> {
  const answer = await ask({
    kind: 'confirm',
    title,
    message,
    okLabel: options.okLabel ?? 'Да',
    danger: options.danger ?? false,
    value: '',
    label: '',
  });
  return answer !== null;
}

export function promptDialog(
  title: string,
  label: string,
  value: string,
  okLabel = 'ОК',
): Promise<string | null> {
  return ask({ kind: 'prompt', title, message: '', okLabel, danger: false, value, label });
}
