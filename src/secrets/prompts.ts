// The two questions the credential commands ask a person: a masked secret and a yes/no. This is
// the one module here that touches inquirer, and only when a question is actually asked.

/** Asks for a secret without echoing it. */
export type AskSecret = (message: string) => Promise<string>;
export type AskConfirm = (message: string, defaultAnswer?: boolean) => Promise<boolean>;

export const askMasked: AskSecret = async (message) => {
  const { password } = await import('@inquirer/prompts');
  return password({ message, mask: '*' });
};

export const askConfirm: AskConfirm = async (message, defaultAnswer = false) => {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: defaultAnswer });
};
