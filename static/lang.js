// The language switch (the link #lang-switch on every book page): it goes through
// /lang/{code}?to=PATH, which remembers the choice in the wt_lang cookie and redirects to
// the same page in the other edition. Here it is given the section the reader is on as its
// #fragment: the address bar's, or else the last heading scrolled past. Headings have the
// same ids in both editions, and the redirect keeps the fragment (RFC 9110 §10.2.2).

const link = document.getElementById("lang-switch");

function section() {
  if (location.hash.length > 1) return location.hash;
  let id = "";
  for (const h of document.querySelectorAll("article.chapter [id]:is(h1, h2, h3, h4, h5, h6, dt)")) {
    if (h.getBoundingClientRect().top > 80) break;
    id = h.id;
  }
  return id ? `#${encodeURIComponent(id)}` : "";
}

function update() {
  if (!link) return;
  link.href = link.href.split("#")[0] + section();
}

if (link) {
  link.addEventListener("click", update);
  link.addEventListener("focus", update);
  link.addEventListener("pointerenter", update);
  addEventListener("hashchange", update);
  update();
}
