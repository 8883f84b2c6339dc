export { renderHtml } from './html.ts';
export { renderJunit } from './junit.ts';
export { renderMarkdown } from './markdown.ts';
