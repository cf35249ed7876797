"""The restore drill: lose the PostgreSQL cluster while partners file reports, restore it from
the last base backup and the WAL archive, and measure what the city would have lost.

    bash scripts/pg-restore-drill [--archive-timeout 60] [--steady 15] [--clients 8]
                                  [--stream off|async|sync] [--no-after-restore]

On loopback, in throwaway directories, with the scripts the city runs (docs/operations.md):
1. a cluster archiving its WAL (`scripts/pg-wal-archive` as archive_command; with --stream also
   received as written by `scripts/pg-wal-stream`), migrated, and the platform served as
   production runs it (bench/faults/app.py); partners start filing;
2. a base backup (`scripts/pg-base-backup`) while they file;
3. a named restore point (pg_create_restore_point, then pg_switch_wal so it is archived);
4. the loss: the postmaster killed and its data directory deleted, pg_wal with it;
5. the restore to the latest point the archive holds (`scripts/pg-restore`, then
   deploy/postgresql/after-restore.sql, then the app started again), the clock running from the
   start of the restore until a partner's report is acknowledged again (RTO);
6. which acknowledged reports survived (RPO: reports, and seconds of intake before the loss);
7. two more restores, to the named point and to a time (2 s before it), checked report by
   report: everything acknowledged before the point is there, nothing sent after it is.
Prints the figures and writes bench/results/restore_drill_<stream>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.faults.app import Server, prepare
from bench.faults.check import MARK, check
from bench.faults.cluster import Cluster, as_owner, free_port, owned_dir
from bench.faults.load import Filing, Partner

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
AFTER_RESTORE = ROOT / "deploy" / "postgresql" / "after-restore.sql"


def _markers(cluster: Cluster) -> set[str]:
    rows = cluster.psql("SELECT narrative FROM intake_report")
    return {f"[{m.group(1)}]" for (narrative,) in rows if (m := MARK.search(str(narrative)))}


def _point_in_time(filings: list[Filing], markers: set[str], before: float, after: float
                   ) -> dict[str, int]:  # fmt: skip
    """Acknowledged before `before` yet missing; first sent after `after` yet present."""
    acked = [f for f in filings if f.acked_at is not None and f.acked_at <= before]
    later = [f for f in filings if f.started_at is not None and f.started_at >= after]
    return {
        "acknowledged_before_point": len(acked),
        "of_those_missing": sum(1 for f in acked if f.marker not in markers),
        "sent_after_point": len(later),
        "of_those_present": sum(1 for f in later if f.marker in markers),
    }


def _receive(cluster: Cluster, stream: Path) -> subprocess.Popen[bytes]:
    """scripts/pg-wal-stream against the cluster; waits until it streams."""
    log = (stream.parent / "pg-wal-stream.log").open("ab")
    receiver = subprocess.Popen(
        [str(SCRIPTS / "pg-wal-stream"), str(stream), "-h", "127.0.0.1", "-p", str(cluster.port),
         "-U", "postgres"], stdout=log, stderr=log, start_new_session=True,
        user="postgres" if os.geteuid() == 0 else None,
    )  # fmt: skip
    log.close()
    for _ in range(300):
        if cluster.psql("SELECT count(*) FROM pg_stat_replication")[0][0]:
            return receiver
        time.sleep(0.1)
    raise RuntimeError("pg_receivewal did not connect")


def drill(*, clients: int, steady_s: float, archive_timeout: int, stream: str = "off",
          after_restore: bool = True, say: Any = print) -> dict[str, Any]:  # fmt: skip
    root = owned_dir("safetynet-drill.")
    archive, backups, streamed = root / "wal-archive", root / "base-backups", root / "wal-stream"
    for folder in (archive, backups, streamed):
        as_owner(["mkdir", "-p", str(folder)])
    archiving = {"wal_level": "replica", "archive_mode": "on", "archive_timeout": str(archive_timeout),
                 "archive_command": f"{SCRIPTS / 'pg-wal-archive'} {archive} %p %f"}  # fmt: skip
    waiting = {"synchronous_standby_names": "pg_receivewal"} if stream == "sync" else {}
    cluster = Cluster(data=root / "data", settings={**archiving, **waiting}).init()
    receiver: subprocess.Popen[bytes] | None = None
    restored: list[Cluster] = []
    server: Server | None = None
    partner: Partner | None = None
    var = root / "prepare"
    var.mkdir()
    results: dict[str, Any] = {"archive_timeout_s": archive_timeout, "stream": stream,
                               "after_restore_sql": after_restore, "clients": clients}  # fmt: skip
    restore_from = ["--stream-dir", str(streamed)] if stream != "off" else []
    try:
        cluster.start()
        if stream != "off":
            receiver = _receive(cluster, streamed)
        token = prepare(cluster.url, var)
        server = Server(cluster.url, port=free_port())
        server.start()
        partner = Partner(server.base, token, run=secrets.token_hex(3), clients=clients,
                          give_up_s=600)  # fmt: skip
        partner.start()
        time.sleep(steady_s)

        started = time.monotonic()
        base = as_owner([str(SCRIPTS / "pg-base-backup"), str(backups), "-h", "127.0.0.1",
                         "-p", str(cluster.port), "-U", "postgres"]).stdout.split()[-1]  # fmt: skip
        results["base_backup_s"] = round(time.monotonic() - started, 1)
        results["acknowledged_at_backup"] = partner.acked()
        ((lsn_at_backup,),) = cluster.psql("SELECT pg_current_wal_lsn()::text")
        say(f"base backup {base} in {results['base_backup_s']} s")
        time.sleep(steady_s)

        point = f"drill-{secrets.token_hex(3)}"
        before = time.time()
        ((at,),) = cluster.psql("SELECT clock_timestamp()::text FROM pg_create_restore_point(%s)",
                                point)  # fmt: skip
        ((wal_bytes,),) = cluster.psql("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)",
                                       lsn_at_backup)  # fmt: skip
        filed = max(1, partner.acked() - results["acknowledged_at_backup"])
        results["wal_bytes_per_report"] = round(float(str(wal_bytes)) / filed)
        cluster.psql("SELECT pg_switch_wal()")
        after = time.time()
        say(f"restore point {point} at {at}")
        time.sleep(steady_s)

        # The loss: the machine's disk with the cluster on it is gone, pg_wal included.
        lost_at = time.time()
        acked_at_loss = partner.acked()
        cluster.kill9()
        shutil.rmtree(cluster.data)
        server.kill9()  # the operator stops the app before restoring (after-restore.sql first)
        if receiver is not None:  # it has lost its source; what it received is on disk
            receiver.terminate()
            receiver.wait()
        say(f"cluster lost after {acked_at_loss} acknowledged reports")

        started = time.monotonic()
        restore_wall = time.time()
        latest = Cluster(port=cluster.port, data=root / "restored", settings=archiving)
        as_owner([str(SCRIPTS / "pg-restore"), base, str(archive), str(latest.data), *restore_from])
        copied = time.monotonic() - started
        latest.start(timeout=600)
        restored.append(latest)
        replayed = time.monotonic() - started - copied
        if after_restore:
            as_owner([str(latest.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                      "-p", str(latest.port), "-U", "postgres", "-d", "postgres",
                      "-f", str(AFTER_RESTORE)])  # fmt: skip
        results["app_start_s"] = round(server.start(), 1)
        while partner.last_ack() < restore_wall and time.monotonic() - started < 600:
            time.sleep(0.05)
        rto = partner.last_ack() - restore_wall
        say(f"serving again {rto:.1f} s after the restore began")
        time.sleep(min(steady_s, 5))
        partner.stop()
        server.stop()

        figures = check(latest.url, partner.filings)
        acked = [f for f in partner.filings if f.acked_at is not None and f.acked_at <= lost_at]
        present = _markers(latest)
        gone = [f for f in acked if f.marker not in present]
        rows = latest.psql("SELECT id, narrative FROM intake_report")
        narrative_of = {int(str(i)): str(n) for i, n in rows}
        results.update({
            "acknowledged_before_loss": len(acked),
            "rpo_reports": len(gone),
            "rpo_s": round(lost_at - min(f.acked_at or lost_at for f in gone), 1) if gone else 0.0,
            # A lost report's number given to another report after the restore (after-restore.sql
            # prevents it).
            "numbers_reissued": sum(
                1 for f in gone if f.report_id in narrative_of
                and f.marker not in narrative_of[f.report_id]
            ),
            "rto_s": round(rto, 1),
            "restore_copy_s": round(copied, 1),
            "restore_replay_s": round(replayed, 1),
            "after_restore": {"duplicated": figures.duplicated,
                              "half_written": figures.half_written,
                              "details": figures.details["half_written"]},
        })  # fmt: skip
        say(f"RPO {results['rpo_reports']} reports ({results['rpo_s']} s of intake), "
            f"RTO {results['rto_s']} s")  # fmt: skip

        # By name: the restore point itself. By time: two seconds before it, so that the
        # archive holds commits after the time (recovery to a time stops at the first commit
        # past it, and fails if the archive ends before one: docs/operations.md).
        moment = before - 2.0
        stamp = dt.datetime.fromtimestamp(moment, dt.UTC).isoformat(sep=" ")
        targets = [("name", point, before, after), ("time", stamp, moment, moment)]
        for how, target, until, since in targets:
            pit = Cluster(data=root / f"pit-{how}", settings={"archive_mode": "off"})
            as_owner([str(SCRIPTS / "pg-restore"), base, str(archive), str(pit.data),
                      f"--{how}", target, "--timeline", "current", *restore_from])  # fmt: skip
            pit.start(timeout=600)
            restored.append(pit)
            results[f"point_in_time_by_{how}"] = {
                "target": target,
                **_point_in_time(partner.filings, _markers(pit), until, since),
            }
            say(f"restored to the point by {how}: {results[f'point_in_time_by_{how}']}")
            pit.stop()
    finally:
        if receiver is not None and receiver.poll() is None:
            receiver.terminate()
            receiver.wait()
        if partner is not None:
            partner.stop(abandon=True)
        if server is not None:
            server.stop()
            shutil.rmtree(server.var_dir, ignore_errors=True)
        for c in [cluster, *restored]:
            c.stop()
        shutil.rmtree(root, ignore_errors=True)
    return results


def main() -> None:
    # Killed (SIGTERM): still stop the clusters and servers this run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--steady", type=float, default=15.0)
    parser.add_argument("--archive-timeout", type=int, default=60)
    parser.add_argument("--stream", choices=["off", "async", "sync"], default="off",
                        help="also receive the WAL as it is written (scripts/pg-wal-stream); "
                        "sync: a commit waits for it")  # fmt: skip
    parser.add_argument(
        "--no-after-restore",
        action="store_true",
        help="skip deploy/postgresql/after-restore.sql (to see why it is there)",
    )
    args = parser.parse_args()
    results = drill(clients=args.clients, steady_s=args.steady,
                    archive_timeout=args.archive_timeout, stream=args.stream,
                    after_restore=not args.no_after_restore)  # fmt: skip
    print(json.dumps(results, indent=2, ensure_ascii=False))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"restore_drill_{args.stream}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
