// Adds the "WebSocket" panel to DevTools. The panel page itself does the work.
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('WebSocket', '/icons/icon-32.png', '/src/panel/panel.html');
