// The scale test's calls: many tenants, interleaved, with time moving forward; one call in twenty
// gives a tenant its own limit, so thousands of tenants carry one (a list searched per call shows).
export function scale(n, random) {
  const tenants = 200000;
  const calls = [];
  let now = 0;
  for (let i = 0; i < n; i++) {
    now += Math.floor(random() * 3);
    const tenant = `t${Math.floor(random() * tenants)}`;
    const r = random();
    if (r < 0.8) calls.push(['tryTake', [tenant, 1 + Math.floor(random() * 400), now]]);
    else if (r < 0.9) calls.push(['retryAfterMs', [tenant, 1 + Math.floor(random() * 600), now]]);
    else if (r < 0.95) calls.push(['available', [tenant, now]]);
    else calls.push(["setLimit", [tenant, 7500 * (1 + Math.floor(random() * 16)), 500 + Math.floor(random() * 2000)]]);
  }
  return { new: [60000, 1000], calls };
}
