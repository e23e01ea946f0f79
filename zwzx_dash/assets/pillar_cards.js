// The five pillar cards of the overview, drawn from plain data (zwzx_dash/cards.py): every
// string goes into the page through textContent. A card's link is a real link (it opens in
// a new tab as usual); a plain click follows the same page's link in Streamlit's own
// navigation, which switches page within the session and so keeps the leader's choice of
// org and year (a plain link would start a new session). Without that link, the plain one.
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
  const card = (pillar) => {
    const article = node("article", "card pillar-card");
    article.setAttribute("data-testid", "zwzxPillarCard");
    article.append(node("h4", null, pillar.name), node("div", "line", pillar.line));
    if (pillar.figures.length) {
      const list = node("ul", "figures");
      for (const figure of pillar.figures) {
        const item = node("li", null, `${figure.name}：`);
        item.append(node("strong", null, figure.text));
        list.append(item);
      }
      article.append(list);
    }
    if (pillar.link) {
      const link = node("a", "open", pillar.link.label);
      link.href = pillar.link.path;
      link.addEventListener("click", (event) => {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
        const own = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')].find(
          (nav) => nav.href === link.href,
        );
        if (!own) return;
        event.preventDefault();
        own.click();
      });
      article.append(link);
    }
    return article;
  };
  grid.replaceChildren(...data.pillars.map(card));
}
