// A page with active content planted in it, every piece pointing at a probe server, for the report's inertness tests.

/** Every way a page can make a browser load or run something, each naming its own probe path. */
export function plantActiveContent(html: string, probe: string): string {
  const head = [
    `<base href="${probe}/base/">`,
    `<meta http-equiv="refresh" content="0; url=${probe}/meta-refresh">`,
    `<link rel="stylesheet" href="${probe}/link-stylesheet.css">`,
    `<link rel="preload" as="image" href="${probe}/link-preload.png">`,
    `<link rel="prefetch" href="${probe}/link-prefetch">`,
    `<link rel="icon" href="${probe}/favicon.ico">`,
    `<script src="${probe}/head-script.js"></script>`,
    `<script>fetch('${probe}/inline-script')</script>`,
    `<style>@import url("${probe}/style-import.css"); body { background: url(${probe}/style-url.png) }</style>`,
  ].join('\n');
  const body = [
    `<img src="${probe}/planted-image.png" srcset="${probe}/srcset.png 2x" alt="Planted image" onerror="fetch('${probe}/onerror')">`,
    `<script src="${probe}/body-script.js"></script>`,
    `<iframe src="${probe}/iframe"></iframe>`,
    `<iframe srcdoc="&lt;img src=${probe}/srcdoc.png&gt;"></iframe>`,
    `<object data="${probe}/object"></object><embed src="${probe}/embed">`,
    `<video poster="${probe}/poster.png" src="${probe}/video.mp4"><source src="${probe}/source.mp4"></video>`,
    `<audio src="${probe}/audio.mp3" autoplay></audio>`,
    `<svg><image href="${probe}/svg-image.png" /><script>fetch('${probe}/svg-script')</script></svg>`,
    `<div style="background-image: url(${probe}/inline-style.png)">Styled box</div>`,
    `<form action="${probe}/form-action"><input type="image" src="${probe}/input-image.png"><button formaction="${probe}/formaction">Send</button></form>`,
    `<a href="javascript:fetch('${probe}/javascript-link')">a javascript: link</a>`,
    `<details open ontoggle="fetch('${probe}/ontoggle')"><summary>More</summary>details</details>`,
    `<table background="${probe}/table-background.png"><tr><td background="${probe}/td-background.png">cell</td></tr></table>`,
    `<picture><source srcset="${probe}/picture-source.png"><img src="${probe}/picture-img.png" alt="pic"></picture>`,
    `<noscript><img src="${probe}/noscript.png" alt="noscript image"></noscript>`,
    `<math><mtext><img src="${probe}/math-img.png"></mtext></math>`,
    `<marquee onstart="fetch('${probe}/marquee')">marquee</marquee>`,
    `<input autofocus onfocus="fetch('${probe}/autofocus')">`,
  ].join('\n');
  return html
    .replace(/<head>/i, `<head>\n${head}\n`)
    .replace(/<body([^>]*)>/i, `<body$1 onload="fetch('${probe}/body-onload')">\n${body}\n`);
}
