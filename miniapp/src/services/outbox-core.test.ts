import { Outbox, resolveBody, type FailureKind, type NewOutboxItem, type OutboxFile, type OutboxItem } from './outbox-core';

/** A fake network: each call is recorded; failures are scripted per call. */
class Net {
  online = true;
  uploads: Array<{ key: string; path: string }> = [];
  calls: Array<{ id: string; path: string; key: string; body: unknown }> = [];
  /** Stored files by upload key (the server's idempotency: the same key gives the same file). */
  stored = new Map<string, string>();
  created = new Map<string, string>();
  /** Scripted server refusals: path → status. */
  refuse = new Map<string, number>();
  /** Lose the answer of the next call (the server applied it, the phone never heard back). */
  loseNextAnswer = false;
  resources = new Map<string, Record<string, unknown>>();

  async upload(f: OutboxFile): Promise<string> {
    if (!this.online) throw { status: 0 };
    this.uploads.push({ key: f.uploadKey, path: f.path });
    if (!this.stored.has(f.uploadKey)) this.stored.set(f.uploadKey, `file-${this.stored.size + 1}`);
    return this.stored.get(f.uploadKey)!;
  }
  async send(item: OutboxItem, body: unknown): Promise<unknown> {
    if (!this.online) throw { status: 0 };
    const status = this.refuse.get(item.path);
    if (status) throw { status };
    this.calls.push({ id: item.id, path: item.path, key: item.idempotencyKey, body });
    if (!this.created.has(item.idempotencyKey)) this.created.set(item.idempotencyKey, `hazard-${this.created.size + 1}`);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      this.online = false;
      throw { status: 0 };
    }
    return { id: this.created.get(item.idempotencyKey) };
  }
  async read(path: string): Promise<unknown> {
    if (!this.online) throw { status: 0 };
    return this.resources.get(path) ?? null;
  }
}

function memoryStore() {
  const m = new Map<string, string>();
  return {
    get: (k: string) => m.get(k) ?? null,
    set: (k: string, v: string) => void m.set(k, v),
    remove: (k: string) => void m.delete(k),
    raw: m,
  };
}

function setup() {
  const net = new Net();
  const store = memoryStore();
  const done: string[] = [];
  const make = () =>
    new Outbox(store, 'outbox:test', {
      upload: (f) => net.upload(f),
      send: (item, body) => net.send(item, body),
      read: (p) => net.read(p),
      classify: (e) => {
        const status = (e as { status: number }).status;
        const kind: FailureKind = status === 0 || status >= 502 ? 'retry' : status === 409 ? 'conflict' : 'fatal';
        return { kind, message: `status ${status}` };
      },
      done: (item) => done.push(item.id),
    });
  return { net, store, done, outbox: make(), make };
}

function report(key: string, photos: string[], extra: Partial<NewOutboxItem> = {}): NewOutboxItem {
  return {
    kind: 'hazard.report',
    label: `上报隐患 ${key}`,
    method: 'POST',
    path: '/hazards',
    body: { description: `隐患 ${key}`, photoIds: { $files: 'photos' } },
    idempotencyKey: key,
    files: photos.map((p, i) => ({ slot: 'photos', path: p, purpose: 'hazard_photo', uploadKey: `${key}-p${i}`, fileId: null })),
    ...extra,
  };
}

describe('resolveBody', () => {
  test('replaces placeholders with the uploaded ids of their slot, in order, at any depth', () => {
    const files: OutboxFile[] = [
      { slot: 'photos', path: 'a', purpose: 'hazard_photo', uploadKey: 'k1', fileId: 'f1' },
      { slot: 'after', path: 'b', purpose: 'rectification_photo', uploadKey: 'k2', fileId: 'f2' },
      { slot: 'photos', path: 'c', purpose: 'hazard_photo', uploadKey: 'k3', fileId: 'f3' },
    ];
    expect(
      resolveBody(
        { a: 1, photoIds: { $files: 'photos' }, fixedOnSpot: { photoIds: { $files: 'after' }, measures: 'x' }, l: [1] },
        files,
      ),
    ).toEqual({ a: 1, photoIds: ['f1', 'f3'], fixedOnSpot: { photoIds: ['f2'], measures: 'x' }, l: [1] });
    expect(resolveBody({ photoIds: { $files: 'none' } }, files)).toEqual({ photoIds: [] });
  });

  test('replaces a single-file placeholder with the id of the file uploaded with that key (a string)', () => {
    const files: OutboxFile[] = [
      { slot: 'answers', path: 'a', purpose: 'hazard_photo', uploadKey: 'k1', fileId: 'f1' },
      { slot: 'signature', path: 'b', purpose: 'other', uploadKey: 'k2', fileId: 'f2' },
    ];
    expect(
      resolveBody(
        {
          answers: [{ itemKey: 'x', photos: [{ fileId: { $file: 'k1' }, takenAt: 't' }] }],
          signature: { fileId: { $file: 'k2' } },
        },
        files,
      ),
    ).toEqual({ answers: [{ itemKey: 'x', photos: [{ fileId: 'f1', takenAt: 't' }] }], signature: { fileId: 'f2' } });
    expect(() => resolveBody({ fileId: { $file: 'k3' } }, files)).toThrow(/not uploaded/);
    expect(() => resolveBody({ fileId: { $file: 'k1' } }, [{ ...files[0]!, fileId: null }])).toThrow(/not uploaded/);
  });

  test('refuses to send a body whose photos are not uploaded', () => {
    expect(() =>
      resolveBody({ p: { $files: 'photos' } }, [{ slot: 'photos', path: 'a', purpose: 'x', uploadKey: 'k', fileId: null }]),
    ).toThrow(/not uploaded/);
  });
});

describe('Outbox', () => {
  test('sends online at once: photos first (each with its own key), then the call with their ids', async () => {
    const { net, outbox, done } = setup();
    outbox.add(report('r1', ['local/1.jpg', 'local/2.jpg']));
    const r = await outbox.flush();
    expect(r.sent).toEqual([{ id: 'r1', result: { id: 'hazard-1' } }]);
    expect(net.uploads.map((u) => u.key)).toEqual(['r1-p0', 'r1-p1']);
    expect(net.calls).toEqual([
      { id: 'r1', path: '/hazards', key: 'r1', body: { description: '隐患 r1', photoIds: ['file-1', 'file-2'] } },
    ]);
    expect(outbox.items()).toEqual([]);
    expect(done).toEqual(['r1']);
  });

  test('offline: everything waits, persisted; back online the items are replayed in the order they were made', async () => {
    const { net, outbox, make } = setup();
    net.online = false;
    outbox.add(report('r1', ['a.jpg']));
    outbox.add({ ...report('r2', []), path: '/notifications/n1/read', kind: 'call', body: {} });
    outbox.add(report('r3', ['b.jpg', 'c.jpg']));
    const offline = await outbox.flush();
    expect(offline.sent).toEqual([]);
    expect(offline.failed).toEqual([{ id: 'r1', message: 'status 0', permanent: false }]);
    expect(offline.remaining).toBe(3);
    // the app is closed and opened again: a new outbox on the same storage
    const again = make();
    expect(again.items().map((i) => i.id)).toEqual(['r1', 'r2', 'r3']);
    expect(again.items()[0]!.attempts).toBe(1);
    net.online = true;
    const r = await again.flush();
    expect(r.sent.map((s) => s.id)).toEqual(['r1', 'r2', 'r3']);
    expect(net.calls.map((c) => c.id)).toEqual(['r1', 'r2', 'r3']);
    expect(again.items()).toEqual([]);
  });

  test('keys are stable across retries: a lost answer does not upload a photo twice nor create twice', async () => {
    const { net, outbox } = setup();
    outbox.add(report('r1', ['a.jpg', 'b.jpg']));
    net.loseNextAnswer = true; // the server creates the hazard, the phone goes offline before the answer
    const first = await outbox.flush();
    expect(first.sent).toEqual([]);
    expect(outbox.items()[0]!.files.map((f) => f.fileId)).toEqual(['file-1', 'file-2']); // kept
    net.online = true;
    const second = await outbox.flush();
    expect(second.sent).toEqual([{ id: 'r1', result: { id: 'hazard-1' } }]);
    // both photos were uploaded once; the report was sent twice with the same key → one hazard
    expect(net.uploads.map((u) => u.key)).toEqual(['r1-p0', 'r1-p1']);
    expect(net.calls.map((c) => c.key)).toEqual(['r1', 'r1']);
    expect(net.calls[0]!.body).toEqual(net.calls[1]!.body);
    expect(net.created.size).toBe(1);
  });

  test('a network failure during the uploads keeps what was uploaded and resumes with the next photo', async () => {
    const { net, outbox } = setup();
    outbox.add(report('r1', ['a.jpg', 'b.jpg', 'c.jpg']));
    const realUpload = net.upload.bind(net);
    let n = 0;
    net.upload = async (f) => {
      if (++n === 2) net.online = false;
      return realUpload(f);
    };
    await outbox.flush();
    expect(outbox.items()[0]!.files.map((f) => f.fileId)).toEqual(['file-1', null, null]);
    net.online = true;
    await outbox.flush();
    expect(net.uploads.map((u) => u.key)).toEqual(['r1-p0', 'r1-p1', 'r1-p2']);
    expect(net.calls).toHaveLength(1);
  });

  test('an item the server refuses is set aside; the ones after it are still sent; retry puts it back in line', async () => {
    const { net, outbox } = setup();
    outbox.add({ ...report('bad', []), path: '/hazards/bad' });
    outbox.add(report('good', ['a.jpg']));
    net.refuse.set('/hazards/bad', 422);
    const r = await outbox.flush();
    expect(r.failed).toEqual([{ id: 'bad', message: 'status 422', permanent: true }]);
    expect(r.sent.map((s) => s.id)).toEqual(['good']);
    expect(r.remaining).toBe(0);
    expect(outbox.items()).toMatchObject([{ id: 'bad', failed: true, lastError: 'status 422', attempts: 1 }]);
    // not retried by later runs on its own
    await outbox.flush();
    expect(outbox.items()[0]!.attempts).toBe(1);
    net.refuse.delete('/hazards/bad');
    outbox.retry('bad');
    expect((await outbox.flush()).sent.map((s) => s.id)).toEqual(['bad']);
  });

  test('a transition refused with 409 after a lost answer counts as done when the hazard is already there', async () => {
    const { net, outbox } = setup();
    const submit: NewOutboxItem = {
      ...report('s1', ['after.jpg']),
      kind: 'hazard.submit',
      path: '/hazards/h1/transitions',
      body: { action: 'submit', version: 3, photoIds: { $files: 'photos' } },
      doneIf: { path: '/hazards/h1', field: 'status', equals: 'pending_review' },
    };
    outbox.add(submit);
    net.refuse.set('/hazards/h1/transitions', 409);
    net.resources.set('/hazards/h1', { id: 'h1', status: 'pending_review' });
    const r = await outbox.flush();
    expect(r.sent).toEqual([{ id: 's1', result: { id: 'h1', status: 'pending_review' } }]);
    // someone else moved it elsewhere: a real conflict, set aside with the message
    outbox.add({ ...submit, idempotencyKey: 's2' });
    net.resources.set('/hazards/h1', { id: 'h1', status: 'rectifying' });
    const r2 = await outbox.flush();
    expect(r2.failed).toEqual([{ id: 's2', message: 'status 409', permanent: true }]);
  });

  test('items added during a run are sent by it; concurrent flushes share one run', async () => {
    const { net, outbox } = setup();
    outbox.add(report('r1', ['a.jpg']));
    const realSend = net.send.bind(net);
    net.send = async (item, body) => {
      if (item.id === 'r1') outbox.add(report('r2', []));
      return realSend(item, body);
    };
    const [a, b] = await Promise.all([outbox.flush(), outbox.flush()]);
    expect(net.calls.map((c) => c.id)).toEqual(['r1', 'r2']);
    expect([...a.sent, ...b.sent].map((s) => s.id).sort()).toEqual(['r1', 'r2']);
  });

  test('listeners hear every change; the storage key is removed when the outbox is empty', async () => {
    const { outbox, store } = setup();
    let changes = 0;
    const off = outbox.onChange(() => changes++);
    outbox.add(report('r1', []));
    expect(store.raw.has('outbox:test')).toBe(true);
    await outbox.flush();
    expect(store.raw.has('outbox:test')).toBe(false);
    expect(changes).toBeGreaterThanOrEqual(2);
    off();
  });
});
