// The sidecar of an OCR'd transcript (`NAME.ocr.tsv`): its format is a contract between the import,
// the command line, the server and VS Code, declared once in shared/ocrSidecar.ts.
export { formatOcrSidecar, ocrSidecarPath, parseOcrSidecar } from "../../../../shared/ocrSidecar";
