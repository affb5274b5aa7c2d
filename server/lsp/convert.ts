// The only place where the service's plain shapes and LSP's differ: severities are words in
// the service (as settings name them) and numbers on the wire.

import type {
  DiagnosticSeverity,
  CodeAction as LspCodeAction,
  Diagnostic as LspDiagnostic,
} from "vscode-languageserver/node";
import type { CodeAction, Diagnostic, Severity } from "../src/index";

// LSP's DiagnosticSeverity (as numbers: the analyst threads, which load this module through
// features.ts, do not load vscode-languageserver).
const TO_LSP: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };
const FROM_LSP: Record<number, Severity> = { 1: "error", 2: "warning", 3: "information", 4: "hint" };

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return { ...d, severity: TO_LSP[d.severity] };
}

export function fromLspDiagnostic(d: LspDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: FROM_LSP[d.severity ?? 2] ?? "warning",
    code: String(d.code ?? ""),
    message: typeof d.message === "string" ? d.message : d.message.value,
    source: d.source === "verbatim" ? "verbatim" : (d.source as "verbatim"),
    ...(d.data ? { data: d.data } : {}),
  };
}

export function toLspCodeAction(a: CodeAction): LspCodeAction {
  const { diagnostics, ...rest } = a;
  return { ...rest, ...(diagnostics ? { diagnostics: diagnostics.map(toLspDiagnostic) } : {}) };
}
