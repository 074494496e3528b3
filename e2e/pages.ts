/**
 * The `pages` fixture: a server of e2e/pages/*.html (e2e/page-server.ts) per worker.
 */
import { test as base } from './fixtures';
import { startPageServer, type PageServer } from './page-server';

export type { PageServer };

/** The extension fixtures plus `pages`, a page server per worker. */
export const test = base.extend<object, { pages: PageServer }>({
  pages: [
    async ({}, use) => {
      const pages = await startPageServer();
      await use(pages);
      await pages.close();
    },
    { scope: 'worker' },
  ],
});
