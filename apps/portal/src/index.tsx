import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { lang } from './i18n/index.ts';
import './styles.css';

document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
render(() => <App />, document.getElementById('root')!);
