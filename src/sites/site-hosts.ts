// Which Full-Text RSS site config a host name uses, as the set's README says:
// `example.com.txt` is for example.com and www.example.com; `.example.com.txt` for every subdomain of
// example.com (news.example.com, a.b.example.com) but not example.com or www.example.com;
// `news.example.com.txt` for that subdomain alone (and its www.).

/** The config names (file names without .txt) that may hold a host's config, most specific first. */
export function siteConfigCandidates(host: string): string[] {
  const name = host.toLowerCase().replace(/\.$/, '');
  const candidates = [name];
  if (name.startsWith('www.')) candidates.push(name.slice(4));
  const labels = name.split('.');
  for (let index = 1; index < labels.length - 1; index++) {
    const parent = labels.slice(index).join('.');
    if (name !== `www.${parent}`) candidates.push(`.${parent}`);
  }
  return candidates;
}

/** How specifically the config `name` matches `host`: 0 not at all, more is more specific. */
export function siteConfigRank(name: string, host: string): number {
  const candidates = siteConfigCandidates(host);
  const index = candidates.indexOf(name.toLowerCase());
  return index < 0 ? 0 : candidates.length - index;
}
