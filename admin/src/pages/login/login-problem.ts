import { problemMessage } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import dayjs from 'dayjs';
import { translate, type Lang } from '../../i18n/i18n.tsx';

export interface LoginProblem {
  code: string;
  title: string;
  hint: string | null;
  /** Trying again may help (network, server): offer a retry button. */
  retry: boolean;
  /** The field to mark, if the problem belongs to one. */
  field: 'tenant' | 'code' | null;
}

/** A sign-in failure in words a zone's staff understand, with what to do next. */
export function describeLoginError(e: unknown, lang: Lang): LoginProblem {
  const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(lang, k, v);
  if (!(e instanceof ApiError)) {
    return {
      code: 'internal_error',
      title: problemMessage('internal_error', lang),
      hint: t('login.hint.server'),
      retry: true,
      field: null,
    };
  }
  // The problem's own sentence, without any technical detail the api appended.
  const title = problemMessage(e.code, lang);
  switch (e.code) {
    case 'invalid_credentials':
      return { code: e.code, title, hint: t('login.hint.invalidCredentials'), retry: false, field: null };
    case 'account_locked': {
      const secs = e.retryAfterSeconds;
      const hint = secs
        ? t('login.hint.locked', {
            time: dayjs().add(secs, 'second').format('HH:mm'),
            minutes: Math.max(1, Math.ceil(secs / 60)),
          })
        : t('login.hint.lockedNoTime');
      return { code: e.code, title: t('login.lockedTitle'), hint, retry: false, field: null };
    }
    case 'tenant_unknown':
      return { code: e.code, title, hint: t('login.hint.tenantUnknown'), retry: false, field: 'tenant' };
    case 'tenant_disabled':
      return { code: e.code, title, hint: t('login.hint.tenantDisabled'), retry: false, field: null };
    case 'user_disabled':
      return { code: e.code, title, hint: t('login.hint.userDisabled'), retry: false, field: null };
    case 'too_many_requests':
      return { code: e.code, title, hint: t('login.hint.tooMany'), retry: true, field: null };
    case 'mfa_invalid':
      return { code: e.code, title, hint: null, retry: false, field: 'code' };
    case 'token_expired':
    case 'token_invalid':
      return { code: e.code, title: t('login.mfaExpired'), hint: null, retry: false, field: null };
    case 'validation_failed':
      return { code: e.code, title: e.message, hint: null, retry: false, field: null };
    case 'network_error':
      return { code: e.code, title, hint: t('login.hint.network'), retry: true, field: null };
    default:
      if (e.status >= 500 || e.status === 0)
        return { code: e.code, title, hint: t('login.hint.server'), retry: true, field: null };
      return { code: e.code, title, hint: null, retry: false, field: null };
  }
}
