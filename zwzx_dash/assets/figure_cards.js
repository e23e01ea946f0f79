// The figure cards of one page, drawn from plain data (zwzx_dash/cards.py). Every string
// goes into the page through textContent: data is never parsed as HTML or Markdown.
export default function ({ data, parentElement }) {
  let grid = parentElement.querySelector(".grid");
  if (!grid) {
    grid = document.createElement("div");
    grid.className = "grid";
    parentElement.appendChild(grid);
  }
  const node = (tag, className, text) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  };
  const card = (figure) => {
    const article = node("article", "card");
    article.setAttribute("data-testid", "zwzxFigureCard");
    article.append(node("div", "name", figure.name), node("div", "text", figure.text));
    if (figure.change) {
      const { direction, text, note } = figure.change;
      const line = node("div", `change ${direction}`);
      const arrow = { up: "▲ ", down: "▼ ", same: "", inexact: "" }[direction] ?? "";
      line.append(node("span", "delta", arrow + text), node("span", "note", note));
      article.append(line);
    }
    if (figure.pillar) article.append(node("div", "pillar", figure.pillar));
    if (figure.quote !== undefined) {
      const details = node("details", "quote");
      details.append(
        node("summary", null, data.quote_label),
        node("p", null, `原文：${figure.quote}`),
        node("p", "source", `出处：《${figure.source}》`),
      );
      article.append(details);
    }
    return article;
  };
  grid.replaceChildren(...data.cards.map(card));
}
