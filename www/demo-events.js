// Lists every Partnerscope event the page receives (the embedding guide's example, live).
for (const name of ['start', 'change', 'complete', 'delivered', 'error']) {
  document.addEventListener(`partnerscope-${name}`, (event) => {
    const log = document.getElementById('event-log');
    if (!log) return;
    const item = document.createElement('li');
    const detail = event.detail || {};
    const summary = name === 'complete'
      ? `response ${detail.response.id}, overall ${detail.scores.overall ? detail.scores.overall.score : 'not enough answers'}`
      : JSON.stringify(detail).slice(0, 160);
    item.textContent = `${event.type}: ${summary}`;
    log.append(item);
  });
}
