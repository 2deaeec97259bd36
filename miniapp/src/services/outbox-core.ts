/**
 * The outbox: what the user did without a network (or while the server was unreachable), kept on the device
 * and sent in order when the network returns. Pure logic with injected dependencies (no Taro): unit-tested.
 *
 * An item is one api call, optionally with local photos to upload first. Every photo carries its own
 * Idempotency-Key and the call its own, fixed when the item is made: a retry after a lost answer never stores a
 * photo twice nor creates a hazard twice. Uploaded file ids are written back into the item as soon as each
 * upload succeeds, and the call's body refers to them through `{ $files: 'slot' }` placeholders.
 */

/** The storage the outbox persists to (the sdk's KeyValueStore shape). */
export interface OutboxStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** A local photo waiting to be uploaded, in a named slot of the call's body. */
export interface OutboxFile {
  slot: string;
  /** A persisted local path (weapp: user data folder; H5: `idb:<id>`). */
  path: string;
  purpose: string;
  /** Fixed when the photo was taken: uploading it again returns the same stored file. */
  uploadKey: string;
  fileId: string | null;
}

/** `{ $files: 'photos' }` in a body becomes the ids of the slot's uploaded files. */
export interface FilesRef {
  $files: string;
}

/**
 * `{ $file: '<uploadKey>' }` in a body becomes the id of that one uploaded file (a string, not a list): for bodies
 * that describe each photo on its own, e.g. an inspection answer's `photos: [{ fileId, takenAt, lat, lng }]`.
 */
export interface FileRef {
  $file: string;
}

export interface OutboxItem {
  /** Equals the call's idempotency key. */
  id: string;
  /** What it is (`hazard.report`, `hazard.submit`, `call`…): pages pick the items they show. */
  kind: string;
  /** What the user sees in the outbox ("上报隐患：配电箱无盖板"). */
  label: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body: unknown;
  idempotencyKey: string;
  files: OutboxFile[];
  /**
   * For calls that are not idempotent on the server (state transitions): when a replay is refused with a 409,
   * the first attempt may have been applied and only its answer lost. GET `path`: if `field` equals `equals`,
   * the item is done.
   */
  doneIf?: { path: string; field: string; equals: string } | null;
  /** Facts for the pages (hazard id, enterprise name…). */
  meta?: Record<string, string>;
  /** The form state the item was made from, to reopen it for editing when the server refuses it. */
  source?: unknown;
  queuedAt: string;
  attempts: number;
  lastError: string | null;
  /** Refused by the server for good: kept aside (not retried) until the user retries, edits or discards it. */
  failed: boolean;
}

export type NewOutboxItem = Omit<OutboxItem, 'id' | 'queuedAt' | 'attempts' | 'lastError' | 'failed'>;

/** How a failure is handled: wait for the network (stop, keep order), check `doneIf`, or set the item aside. */
export type FailureKind = 'retry' | 'conflict' | 'fatal';

export interface OutboxDeps {
  /** Uploads a local file with its key; resolves with the stored file's id. */
  upload(file: OutboxFile): Promise<string>;
  /** Sends the call with the resolved body and the item's idempotency key. */
  send(item: OutboxItem, body: unknown): Promise<unknown>;
  /** Reads a resource (for `doneIf`). */
  read?(path: string): Promise<unknown>;
  classify(e: unknown, item: OutboxItem): { kind: FailureKind; message: string };
  /** After an item is done (delete its local photos…). */
  done?(item: OutboxItem, result: unknown): void;
  now?(): Date;
}

export interface FlushResult {
  sent: Array<{ id: string; result: unknown }>;
  failed: Array<{ id: string; message: string; permanent: boolean }>;
  /** Items still waiting (not counting those set aside). */
  remaining: number;
}

function isFilesRef(v: unknown): v is FilesRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as FilesRef).$files === 'string';
}

function isFileRef(v: unknown): v is FileRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as FileRef).$file === 'string';
}

/**
 * Replaces `{ $files: slot }` placeholders with the slot's uploaded file ids (in the order the files were added),
 * and `{ $file: uploadKey }` with the id of the file uploaded with that key.
 */
export function resolveBody(body: unknown, files: OutboxFile[]): unknown {
  if (isFileRef(body)) {
    const file = files.find((f) => f.uploadKey === body.$file);
    if (!file?.fileId) throw new Error(`file ${file?.path ?? body.$file} is not uploaded`);
    return file.fileId;
  }
  if (isFilesRef(body)) {
    const slot = files.filter((f) => f.slot === body.$files);
    const missing = slot.find((f) => !f.fileId);
    if (missing) throw new Error(`file ${missing.path} of slot ${body.$files} is not uploaded`);
    return slot.map((f) => f.fileId!);
  }
  if (Array.isArray(body)) return body.map((v) => resolveBody(v, files));
  if (typeof body === 'object' && body !== null) {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, resolveBody(v, files)]));
  }
  return body;
}

export class Outbox {
  readonly #store: OutboxStore;
  readonly #key: string;
  readonly #deps: OutboxDeps;
  #running: Promise<FlushResult> | null = null;
  #listeners = new Set<() => void>();

  constructor(store: OutboxStore, key: string, deps: OutboxDeps) {
    this.#store = store;
    this.#key = key;
    this.#deps = deps;
  }

  get key(): string {
    return this.#key;
  }

  items(): OutboxItem[] {
    try {
      const v: unknown = JSON.parse(this.#store.get(this.#key) ?? '[]');
      return Array.isArray(v) ? (v as OutboxItem[]) : [];
    } catch {
      return [];
    }
  }

  /** Items that will be sent (not those set aside). */
  pending(): OutboxItem[] {
    return this.items().filter((i) => !i.failed);
  }

  get(id: string): OutboxItem | null {
    return this.items().find((i) => i.id === id) ?? null;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #save(items: OutboxItem[]): void {
    if (items.length === 0) this.#store.remove(this.#key);
    else this.#store.set(this.#key, JSON.stringify(items));
    for (const l of [...this.#listeners]) l();
  }

  #update(id: string, patch: (i: OutboxItem) => OutboxItem): void {
    this.#save(this.items().map((i) => (i.id === id ? patch(i) : i)));
  }

  add(item: NewOutboxItem): OutboxItem {
    const full: OutboxItem = {
      ...item,
      id: item.idempotencyKey,
      queuedAt: (this.#deps.now?.() ?? new Date()).toISOString(),
      attempts: 0,
      lastError: null,
      failed: false,
    };
    this.#save([...this.items().filter((i) => i.id !== full.id), full]);
    return full;
  }

  remove(id: string): OutboxItem | null {
    const item = this.get(id);
    if (item) this.#save(this.items().filter((i) => i.id !== id));
    return item;
  }

  /** Puts an item set aside back in line (the user pressed 重试). */
  retry(id: string): void {
    this.#update(id, (i) => ({ ...i, failed: false, lastError: null }));
  }

  /**
   * Sends what waits, oldest first. A network failure stops the run (order is kept: the next run starts with the
   * same item); an item the server refuses for good is set aside and the run goes on with the next one. Items
   * added while a run is going are sent by the same run. Safe to call often: one run at a time.
   */
  async flush(): Promise<FlushResult> {
    if (this.#running) await this.#running.catch(() => undefined);
    if (this.#running) return this.#running;
    const run = this.#run().finally(() => {
      if (this.#running === run) this.#running = null;
    });
    this.#running = run;
    return run;
  }

  get flushing(): boolean {
    return this.#running !== null;
  }

  async #run(): Promise<FlushResult> {
    const result: FlushResult = { sent: [], failed: [], remaining: 0 };
    const tried = new Set<string>();
    for (;;) {
      const item = this.pending().find((i) => !tried.has(i.id));
      if (!item) break;
      tried.add(item.id);
      const outcome = await this.#sendOne(item);
      if (outcome.ok) {
        result.sent.push({ id: item.id, result: outcome.result });
        continue;
      }
      result.failed.push({ id: item.id, message: outcome.message, permanent: outcome.permanent });
      if (!outcome.permanent) break; // offline: keep the order, try again later
    }
    result.remaining = this.pending().length;
    return result;
  }

  async #sendOne(item: OutboxItem): Promise<{ ok: true; result: unknown } | { ok: false; message: string; permanent: boolean }> {
    let current = item;
    try {
      for (const f of current.files) {
        if (f.fileId) continue;
        const fileId = await this.#deps.upload(f);
        // written back at once: a later failure does not upload this photo again
        this.#update(current.id, (i) => ({
          ...i,
          files: i.files.map((x) => (x.uploadKey === f.uploadKey ? { ...x, fileId } : x)),
        }));
        current = this.get(current.id) ?? current;
      }
      const result = await this.#deps.send(current, resolveBody(current.body, current.files));
      return this.#finish(current, result);
    } catch (e) {
      const { kind, message } = this.#deps.classify(e, current);
      if (kind === 'conflict' && current.doneIf && this.#deps.read) {
        try {
          const now = (await this.#deps.read(current.doneIf.path)) as Record<string, unknown> | null;
          if (now && now[current.doneIf.field] === current.doneIf.equals) return this.#finish(current, now);
        } catch (again) {
          if (this.#deps.classify(again, current).kind === 'retry') return this.#fail(current, message, false);
        }
      }
      return this.#fail(current, message, kind === 'retry' ? false : true);
    }
  }

  #finish(item: OutboxItem, result: unknown): { ok: true; result: unknown } {
    this.remove(item.id);
    this.#deps.done?.(item, result);
    return { ok: true, result };
  }

  #fail(item: OutboxItem, message: string, permanent: boolean): { ok: false; message: string; permanent: boolean } {
    this.#update(item.id, (i) => ({ ...i, attempts: i.attempts + 1, lastError: message, failed: permanent }));
    return { ok: false, message, permanent };
  }
}
