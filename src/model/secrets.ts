// Which message parameters carry a secret: passwords (`pwd`, `new_pwd`, `master_password`, ...) and the value of a
// `secret` object. They never go on a command line, into --debug output or into an error reply.
const SECRET_PARAM = /(^|_)(pwd|password|passwd)$/;
const SECRET_CLASS = 'secret';
const SECRET_VALUE = 'value';

export function isSecretParam(cls: string, param: string): boolean {
  return SECRET_PARAM.test(param) || (cls === SECRET_CLASS && param === SECRET_VALUE);
}

/** What is shown in place of a secret. */
export const SECRET_SHOWN = '********';
