"""Downloads one torrent with python3-libtorrent, finding peers ONLY through its tracker.

Usage: libtorrent-leecher.py <torrent> <save dir> <listen port> <timeout s>
DHT, local service discovery, UPnP/NAT-PMP and peer exchange are off, so a completed
download proves the tracker introduced the peers. Once complete, the torrent is removed and
the session closed gracefully, so the tracker gets a final `stopped` announce carrying the
final counters. Exit 0 when complete, 1 on timeout.
"""
import sys
import time

import libtorrent as lt

torrent, save_dir, port, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])

session = lt.session({
    'listen_interfaces': f'127.0.0.1:{port}',
    'enable_dht': False,
    'enable_lsd': False,
    'enable_upnp': False,
    'enable_natpmp': False,
    # Peers and the tracker are on loopback: libtorrent would otherwise skip local peers.
    'allow_multiple_connections_per_ip': True,
    # Closing waits this long for the `stopped` announce (default 1 s).
    'stop_tracker_timeout': 5,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification,
})
flags = lt.torrent_flags.disable_dht | lt.torrent_flags.disable_lsd | lt.torrent_flags.disable_pex
handle = session.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save_dir, 'flags': flags})


def print_alerts():
    for alert in session.pop_alerts():
        print(f'alert: {alert.message()}', flush=True)


deadline = time.time() + timeout
complete = False
while time.time() < deadline:
    print_alerts()
    status = handle.status()
    if status.is_seeding:
        complete = True
        break
    time.sleep(0.2)

status = handle.status()
print(f'{"complete" if complete else "timeout"}: progress {status.progress:.2f}, peers {status.num_peers}, '
      f'payload down {status.total_payload_download}, payload up {status.total_payload_upload}', flush=True)
if complete:
    # Let the `completed` announce go out before stopping (it is sent on the state change).
    time.sleep(1)
    print_alerts()
session.remove_torrent(handle)
time.sleep(0.5)
print_alerts()
del session  # blocks until the `stopped` announce is answered or stop_tracker_timeout passes
sys.exit(0 if complete else 1)
