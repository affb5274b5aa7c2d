// The answers every handler may give besides its own: cancelled, and refused for parameters of the
// wrong shape (validate.ts checks them).

import { type CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from "vscode-languageserver/node";

export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, "the request was cancelled");
}

/**
 * A request's handler that honours cancellation: a request the client cancelled before its turn
 * (while the server was busy with an earlier one) is answered with RequestCancelled, as LSP asks,
 * and its work is not done.
 */
export function answer<P, R>(handler: (params: P, token: CancellationToken) => R) {
  return (params: P, token: CancellationToken): R | ResponseError<void> =>
    token.isCancellationRequested ? cancelled() : handler(params, token);
}

/**
 * InvalidParams for a request whose parameters are of the wrong shape (`problem` says how), logged
 * too (`log`): a client that sends them should hear of it in its output as well.
 */
export function refuser(log: (message: string) => void) {
  return (method: string, problem: string): ResponseError<void> => {
    log(`Verbatim: ${method} refused: ${problem}`);
    return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${problem}`);
  };
}
export type Refuse = ReturnType<typeof refuser>;
