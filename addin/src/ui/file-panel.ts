/**
 * File mode's panel: open a workbook, what is open, download (with marks if asked). It keeps the
 * open file's name, shown whatever the language, and what the file has been through since it was
 * opened, which names the download.
 */
import { h } from './dom';
import { withPort, type PaneHost } from './host';

export class FilePanel {
  /** The open file's name, shown in the panel whatever the language. */
  fileName: string | null = null;
  private copyKind: 'checked' | 'filled' | null = null;

  constructor(private readonly app: PaneHost) {}

  render(): HTMLElement {
    const t = (k: Parameters<PaneHost['t']>[0]) => this.app.t(k);
    return h(
      'section',
      { class: 'panel', id: 'file-panel' },
      h(
        'label',
        { class: 'file', id: 'file-label' },
        t('openFile'),
        h('input', {
          id: 'file-input',
          type: 'file',
          accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          onchange: (e: Event) => this.onFile(e),
          // Emptied as the chooser opens, so that choosing the same file again (after a new
          // workbook, say) opens it again; till then it names the file open.
          onclick: (e: Event) => ((e.target as HTMLInputElement).value = ''),
        }),
      ),
      // The browser's own "No file chosen" next to a new input would contradict the open
      // workbook after a re-render (language switch): say in the pane's words what is open.
      h('p', { id: 'file-name', class: 'hint' }, this.fileName ? this.app.t('fileOpen', { name: this.fileName }) : t('noFileYet')),
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'download', onclick: () => this.onDownload() }, t('download')),
        h('label', { class: 'hint' }, h('input', { id: 'download-marks', type: 'checkbox' }), ' ', t('downloadWithMarks')),
      ),
      h('p', { class: 'hint' }, t('marksNote')),
    );
  }

  /** The open file's name, and the label that shows it. */
  setFileName(name: string | null): void {
    this.fileName = name;
    const label = document.getElementById('file-name');
    if (label) label.textContent = name ? this.app.t('fileOpen', { name }) : this.app.t('noFileYet');
  }

  /** A check ran: a copy not filled yet is a checked one. */
  checked(): void {
    if (this.copyKind === null) this.copyKind = 'checked';
  }

  filled(): void {
    this.copyKind = 'filled';
  }

  /** Another file replaces the open one: it has been through nothing yet. */
  reset(): void {
    this.copyKind = null;
  }

  private async onFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file || !this.app.opts.openFile) return;
    await this.app.guard(async () => {
      this.app.port = await this.app.opts.openFile!(file);
      this.app.resetForNewFile();
      this.setFileName(file.name);
      this.app.status('loaded', { name: file.name });
    });
  }

  private async onDownload(): Promise<void> {
    await withPort(this.app, async (port) => {
      if (!this.app.opts.download) return;
      const marks = (document.getElementById('download-marks') as HTMLInputElement | null)?.checked ?? false;
      await this.app.opts.download(port, { marks, kind: this.copyKind, lang: this.app.lang });
    });
  }
}
