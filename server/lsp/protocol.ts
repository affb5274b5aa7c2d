// Verbatim's own messages (shared/protocol.ts) as vscode-languageserver's types: one
// `RequestType`/`NotificationType` for each entry of the shared table.
import { NotificationType, RequestType } from "vscode-languageserver/node";
import { MESSAGES, type Messages, type Notification, type Request } from "../../shared/protocol";

export {
  type PdfImportAnswer,
  type PdfLinkAnswer,
  type PdfRefused,
  REFUSING_METHODS,
} from "../../shared/protocol";

type Typed<M> =
  M extends Request<infer P, infer R>
    ? RequestType<P, R, void>
    : M extends Notification<infer P>
      ? NotificationType<P>
      : never;

/** Each message of the shared table, typed for the server's connection. */
export const lsp = Object.fromEntries(
  Object.entries(MESSAGES).map(([name, m]) => [
    name,
    m.kind === "request" ? new RequestType(m.method) : new NotificationType(m.method),
  ]),
) as { [K in keyof Messages]: Typed<Messages[K]> };
