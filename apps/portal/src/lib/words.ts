import { legalBasisInEnglish } from '@gongzhi/domain/legal-basis';
import { lang, t } from '../i18n/index.ts';

/**
 * Who did something, in words: a person by their display name, the reporter, or the platform
 * itself by what moved it (a deadline, a transfer, a ruling…) — never a login name, a system key or an id.
 */
export function actorText(actor: string, displayName: string | null | undefined): string {
  if (displayName) return displayName;
  if (actor === 'reporter') return t().actors.reporter;
  if (actor.startsWith('system:') || actor === 'system') {
    const why = actor.split(':')[1] ?? '';
    const kinds: Partial<Record<string, string>> = t().case.kinds;
    const what = why === 'timer' ? t().actors.deadline : kinds[why];
    return what ? `${t().actors.system} · ${what}` : t().actors.system;
  }
  // A person no longer known here: their login name is all there is, said as an account.
  return t().actors.account;
}

/** A legal basis in the current language (the matrix cites them in Chinese). */
export const legalBasisText = (zh: string): string => (lang() === 'en' ? legalBasisInEnglish(zh) : zh);
