const q = new URLSearchParams(location.search);
const ws = new WebSocket('ws://' + q.get('ws') + '/echo');
ws.onopen = () => ws.send('under a strict CSP');
ws.onmessage = (e) => document.body.setAttribute('data-echo', e.data);
