// Renders the TeX that pandoc leaves in <span class="math inline|display"> with the KaTeX
// copied into the site (no network). A formula KaTeX rejects (a parse error, an unknown
// command) is still shown, in red, and marked .math-error with KaTeX's message as its title;
// scripts/book/check.py fails on it.
document.addEventListener("DOMContentLoaded", function () {
  for (const el of document.querySelectorAll("span.math")) {
    // pandoc may write \(...\) or \[...\] around the TeX; KaTeX wants it bare.
    const tex = el.textContent.replace(/^\s*\\[(\[]/, "").replace(/\\[)\]]\s*$/, "");
    const options = { displayMode: el.classList.contains("display"), strict: "warn" };
    try {
      katex.render(tex, el, { ...options, throwOnError: true });
    } catch (error) {
      el.classList.add("math-error");
      el.title = error.message;
      katex.render(tex, el, { ...options, throwOnError: false });
    }
  }
  document.documentElement.dataset.mathRendered = "yes";
});
