// The processes a test started through the browser (the host it spawned),
// found in /proc, so a test can end exactly those by pid, and the memory
// they use (benchmarks).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Every process started (directly or not) by this test process: [{pid, exe}]. */
export function ownTree() {
  const parent = new Map();
  const exe = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      exe.set(Number(name), readlinkSync(`/proc/${name}/exe`));
    } catch { /* gone or not ours to read */ }
  }
  const mine = (pid) => { for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === process.pid) return true; return false; };
  return [...exe].filter(([pid]) => pid !== process.pid && mine(pid)).map(([pid, path]) => ({ pid, exe: path }));
}

/** Pids of running `exe` processes started (directly or not) by this test process. */
export function ownProcesses(exe) {
  return ownTree().filter((p) => p.exe === exe).map((p) => p.pid);
}

/** A field of /proc/PID/status or smaps_rollup in KiB (0 when the process is gone). */
export function procKib(pid, file, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/${file}`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}
