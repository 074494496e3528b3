/**
 * The panel's side of the protocol version check. Every relay's announce carries the protocol
 * version it speaks; a document whose relay speaks another version than this panel is not shown
 * (its records would be misread), and the panel says so, naming both versions, until that
 * document is gone (the page reloaded or closed).
 */
import { PROTOCOL_VERSION, type AnnounceMessage } from '../core/protocol';

export class VersionCheck {
  /** Documents whose relay speaks another version: docId → that version (undefined: none given). */
  private readonly foreign = new Map<string, number | undefined>();
  private readonly listeners = new Set<() => void>();

  constructor(readonly version: number = PROTOCOL_VERSION) {}

  /** True when the announced document speaks this panel's version (else it is set aside). */
  accept(msg: Pick<AnnounceMessage, 'v' | 'doc'>): boolean {
    const v = (msg as { v?: unknown }).v; // a relay older than versioning sends none
    if (v === this.version) {
      if (this.foreign.delete(msg.doc.docId)) this.changed();
      return true;
    }
    this.foreign.set(msg.doc.docId, typeof v === 'number' ? v : undefined);
    this.changed();
    return false;
  }

  gone(docId: string): void {
    if (this.foreign.delete(docId)) this.changed();
  }

  /** What the panel shows while any document speaks another version, else null. */
  message(): string | null {
    if (this.foreign.size === 0) return null;
    const versions = [...new Set(this.foreign.values())].map((v) => (v === undefined ? 'an older protocol' : `protocol ${v}`));
    return `This page's WebSocket Lens relay speaks ${versions.join(' and ')}, the panel ${this.version}: reload the page.`;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
