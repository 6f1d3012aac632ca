// The processes a test started through the browser (the host it spawned),
// found in /proc, so a test can end exactly those by pid.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Pids of running `exe` processes started (directly or not) by this test process. */
export function ownProcesses(exe) {
  const parent = new Map();
  const found = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      if (readlinkSync(`/proc/${name}/exe`) === exe) found.push(Number(name));
    } catch { /* gone or not ours to read */ }
  }
  const mine = (pid) => { for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === process.pid) return true; return false; };
  return found.filter(mine);
}
