// Renders the TeX that pandoc leaves in <span class="math inline|display"> with the KaTeX
// copied into the site (no network). A formula KaTeX cannot parse shows as a red
// .katex-error span, which scripts/book/check.py looks for.
document.addEventListener("DOMContentLoaded", function () {
  for (const el of document.querySelectorAll("span.math")) {
    let tex = el.textContent;
    const display = el.classList.contains("display");
    // pandoc writes \(...\) and \[...\] around the TeX; KaTeX wants it bare.
    tex = tex.replace(/^\s*\\[(\[]/, "").replace(/\\[)\]]\s*$/, "");
    katex.render(tex, el, { displayMode: display, throwOnError: false, strict: "warn" });
  }
  document.documentElement.dataset.mathRendered = "yes";
});
