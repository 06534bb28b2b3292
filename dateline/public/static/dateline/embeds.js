// Embeds as click-to-load facades: until the reader asks, the page makes no request to the
// provider (no cookies, no tracking). The element stays a plain link without this script.
// Providers with a player we can frame (CSP frame-src allows exactly these) play in place;
// the others open at the provider, in a new tab.
const PLAYERS = {
  YouTube: (url) => {
    const id = url.hostname === "youtu.be" ? url.pathname.slice(1) : url.searchParams.get("v");
    return id && /^[\w-]{6,20}$/.test(id) ? `https://www.youtube-nocookie.com/embed/${id}?autoplay=1` : null;
  },
  Vimeo: (url) => {
    const id = url.pathname.split("/").filter(Boolean).pop();
    return id && /^\d+$/.test(id) ? `https://player.vimeo.com/video/${id}?dnt=1&autoplay=1` : null;
  },
};
const lang = document.documentElement.lang;
const words = lang === "ar"
  ? { load: "تحميل المحتوى من", note: "يُحمَّل من موقع خارجي عند النقر فقط." }
  : { load: "Load content from", note: "Loads from an outside site only when you click." };

for (const figure of document.querySelectorAll("figure.embed[data-provider]")) {
  const link = figure.querySelector("a[href]");
  if (!link) continue;
  let url;
  try { url = new URL(link.href); } catch { continue; }
  const provider = figure.dataset.provider;
  const player = PLAYERS[provider]?.(url);
  const facade = document.createElement("div");
  facade.className = "embed-facade";
  const button = document.createElement(player ? "button" : "a");
  button.className = "embed-facade__load";
  button.textContent = `${words.load} ${provider}`;
  const note = document.createElement("p");
  note.className = "embed-facade__note";
  note.textContent = words.note;
  if (player) {
    button.type = "button";
    button.addEventListener("click", () => {
      const frame = document.createElement("iframe");
      frame.src = player;
      frame.title = `${provider}: ${figure.querySelector("figcaption")?.textContent || url.href}`;
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.className = "embed-facade__frame";
      facade.replaceWith(frame);
      frame.focus();
    }, { once: true });
  } else {
    button.href = url.href;
    button.target = "_blank";
    button.rel = "noopener noreferrer";
  }
  facade.append(button, note);
  link.before(facade);
}
