import { createSignal, type JSX } from 'solid-js';
import { zh, type Dictionary } from './zh.ts';
import { en } from './en.ts';

export type Lang = 'zh' | 'en';
const DICTIONARIES: Record<Lang, Dictionary> = { zh, en };
const STORAGE_KEY = 'gongzhi.lang';

const initial = (): Lang => (typeof localStorage !== 'undefined' && localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh');
const [lang, setLangSignal] = createSignal<Lang>(initial());

export { lang };

export function setLang(next: Lang): void {
  setLangSignal(next);
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

/** The current dictionary; reading it inside JSX makes the text follow the language switch. */
export const t = (): Dictionary => DICTIONARIES[lang()];

/** Fills `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/**
 * Fills `{name}` placeholders with text or elements: a person's name or words they wrote go in as
 * `<span data-user>` elements, marked as theirs inside a sentence of the portal's.
 */
export function fillNodes(template: string, params: Record<string, JSX.Element>): JSX.Element[] {
  return template.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 1 ? (params[part] ?? `{${part}}`) : part));
}

/** A reference-data name in the current language. */
export const nameOf = (name: { zh: string; en: string }): string => name[lang()];

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
}
