import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { lang } from './i18n/index.ts';
import { installValidationMessages } from './lib/validation.ts';
import './styles.css';

installValidationMessages(document);
document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
render(() => <App />, root);
