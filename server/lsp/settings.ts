// The settings the server works with: from `initializationOptions` at the start, then pulled from
// the client (`workspace/configuration`) when it can be asked, or taken from the pushed
// `didChangeConfiguration`. Each change is normalized (the service's normalizeSettings: a value
// of the wrong type falls back to its default, and is reported) and handed on (`changed`) when it
// differs from the settings in use: VS Code's client both answers the pull and pushes the same
// settings at start, which must not analyse every open document twice more.

import type { InitializeParams } from "vscode-languageserver/node";
import { DEFAULT_SETTINGS, normalizeSettings, type VerbatimSettings } from "../src/index";

export interface SettingsHost {
  /** The client's `verbatim` section (workspace/configuration). */
  pull(): Promise<unknown>;
  warn(message: string): void;
  /** The settings changed (or may have): what depends on them is done again. */
  changed(settings: VerbatimSettings): void;
}

export class Settings {
  current: VerbatimSettings = DEFAULT_SETTINGS;
  /** The client answers workspace/configuration: settings are pulled, not pushed. */
  canPull = false;

  constructor(private readonly host: SettingsHost) {}

  /** The initial settings, from `initializationOptions.settings`. */
  initialize(params: InitializeParams | null | undefined): void {
    this.canPull = params?.capabilities?.workspace?.configuration === true;
    const options = params?.initializationOptions as { settings?: unknown } | undefined;
    this.take(options?.settings, true);
  }

  /** Pulls the settings from the client, if it can be asked; its failure is the defaults. */
  async refresh(): Promise<void> {
    if (!this.canPull) return;
    let raw: unknown;
    try {
      raw = await this.host.pull();
    } catch {
      this.use(DEFAULT_SETTINGS, false);
      return;
    }
    this.take(raw);
  }

  /** `workspace/didChangeConfiguration`: pull again, or read the pushed `settings.verbatim`. */
  didChange(change: unknown): Promise<void> {
    if (this.canPull) return this.refresh();
    const settings = (change as { settings?: unknown } | null)?.settings as { verbatim?: unknown } | undefined;
    this.take(settings?.verbatim);
    return Promise.resolve();
  }

  private take(raw: unknown, always = false): void {
    const { settings, problems } = normalizeSettings(raw);
    for (const p of problems) this.host.warn(`Verbatim: ${p}`);
    this.use(settings, always);
  }

  private use(settings: VerbatimSettings, always: boolean): void {
    const same = JSON.stringify(settings) === JSON.stringify(this.current);
    this.current = settings;
    if (always || !same) this.host.changed(settings);
  }
}
