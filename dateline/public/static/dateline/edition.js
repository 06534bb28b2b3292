// Remember the edition a reader switches to: "/" opens it on their next visit
// (dateline.public.views.root reads the cookie; pages stay the same for everyone, so baked
// copies and caches are unaffected).
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-edition-cookie] a[hreflang]");
  if (!link) return;
  const name = link.closest("[data-edition-cookie]").dataset.editionCookie;
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${name}=${link.hreflang}; path=/; max-age=31536000; samesite=lax${secure}`;
});
