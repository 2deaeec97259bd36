import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ApiError, type RecordKind } from '@yuanan/sdk';
import { client } from '../../services/api';
import { useDraft } from '../../services/draft';
import { confirm, errorMessage, reportError, toast } from '../../services/feedback';
import { usePageTitle } from '../../services/page-title';
import { meState } from '../../services/session';
import { readJson } from '../../services/storage';
import { useSignedInMe } from '../../services/use-session';
import { loadRecords } from './data';

type Problems = Partial<Record<string, string>>;

/**
 * The common part of the pages that add or edit one sub-record of the enterprise (supplies, certificates,
 * chemicals): the record from `?id=`, the form kept as a draft until saved, save (add or replace the whole record)
 * and delete, each closing the page when done and offering a retry when the network failed.
 */
export function useRecordEditor<R extends { id: string }, F extends object>(o: {
  kind: RecordKind;
  /** Draft storage name (one per kind). */
  draft: string;
  empty: F;
  fromRecord: (r: R) => F;
  /** Page titles: adding, editing. */
  titles: readonly [string, string];
  /** Runs after a successful save, before the page closes (e.g. to tell the user what the server made of it). */
  onSaved?: (saved: R) => Promise<void> | void;
}) {
  const me = useSignedInMe();
  const id = useRouter().params.id ?? '';
  const draftKey = `${o.draft}:${meState.get()?.enterpriseId ?? ''}:${id || 'new'}`;
  const hadDraft = useRef(readJson(`draft:${draftKey}`) !== null);
  const [form, setForm, clearForm] = useDraft<F>(draftKey, o.empty);
  const [original, setOriginal] = useState<R | null>(null);
  const [loading, setLoading] = useState(Boolean(id));
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  usePageTitle(id ? o.titles[1] : o.titles[0]);

  useLoad(() => {
    const enterpriseId = meState.get()?.enterpriseId;
    if (!id || !enterpriseId) return;
    loadRecords<R>(enterpriseId, o.kind)
      .then((r) => {
        const found = r.data.find((x) => x.id === id) ?? null;
        setOriginal(found);
        if (found && !hadDraft.current) setForm(o.fromRecord(found));
        if (!found) toast('该记录已被删除');
      })
      .catch((e: unknown) => toast(`加载失败：${errorMessage(e)}`))
      .finally(() => setLoading(false));
  });

  const done = (title: string) => {
    clearForm(true);
    void Taro.showToast({ title, icon: 'success' });
    setTimeout(() => void Taro.navigateBack(), 500);
  };

  /** Saves what `check` made of the form; its problems are shown by field, the first one as a toast. */
  const save = async (check: (f: F) => { body: Record<string, unknown> | null; problems: Problems }) => {
    const enterpriseId = me?.enterpriseId;
    if (!enterpriseId || busy) return;
    const { body, problems: p } = check(form);
    setProblems(p);
    if (!body) {
      toast(Object.values(p)[0]!);
      return;
    }
    setBusy(true);
    try {
      const saved = id
        ? await client.enterprises.replaceRecord<R>(enterpriseId, o.kind, id, body)
        : await client.enterprises.addRecord<R>(enterpriseId, o.kind, body);
      if (o.onSaved) await o.onSaved(saved);
      done('已保存');
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fieldErrors).length) setProblems(e.fieldErrors);
      void reportError(e, { what: '保存', retry: () => save(check) });
    } finally {
      setBusy(false);
    }
  };

  /** Deletes the record after the user confirms `question`. */
  const remove = async (question: { title: string; content: string }) => {
    const enterpriseId = me?.enterpriseId;
    if (!enterpriseId || !id || busy) return;
    if (!(await confirm({ ...question, confirmText: '删除', danger: true }))) return;
    setBusy(true);
    try {
      await client.enterprises.removeRecord(enterpriseId, o.kind, id);
      done('已删除');
    } catch (e) {
      void reportError(e, { what: '删除', retry: () => remove(question) });
    } finally {
      setBusy(false);
    }
  };

  /** Back to the saved record (or an empty form), forgetting the unsaved changes. */
  const discardDraft = () => {
    hadDraft.current = false;
    if (original) setForm(o.fromRecord(original));
    else clearForm();
  };

  return {
    me,
    id,
    form,
    setForm,
    original,
    loading,
    problems,
    busy,
    /** The form shows unsaved changes from an earlier visit. */
    hadDraft: hadDraft.current,
    save,
    remove,
    discardDraft,
  };
}
