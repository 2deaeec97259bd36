import { anyPhone, issueMessage, mobilePhone } from '@yuanan/contracts';
import type { Rule } from 'antd/es/form';
import { getLang } from '../i18n/i18n.tsx';

/**
 * A form rule that accepts a phone as people type it (`+86 139 0579 0103`, `0579-85201234转8001` …) with the
 * same contract the api applies, and shows the contract's reason in the console's language.
 */
export function phoneRule(kind: 'mobile' | 'any' = 'any'): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const r = (kind === 'mobile' ? mobilePhone : anyPhone).safeParse(value);
      if (!r.success) throw new Error(issueMessage(r.error.issues[0]!, getLang()));
    },
  };
}
