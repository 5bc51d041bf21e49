"""Downloads one torrent with python3-libtorrent, finding peers ONLY through its tracker.

Usage: libtorrent-leecher.py <torrent> <save dir> <listen port> <timeout s>
DHT, local service discovery, UPnP/NAT-PMP and peer exchange are off, so a completed
download proves the tracker introduced the peers. Exit 0 when complete, 1 on timeout.
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
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification,
})
flags = lt.torrent_flags.disable_dht | lt.torrent_flags.disable_lsd | lt.torrent_flags.disable_pex
handle = session.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save_dir, 'flags': flags})

deadline = time.time() + timeout
while time.time() < deadline:
    for alert in session.pop_alerts():
        print(f'alert: {alert.message()}', flush=True)
    status = handle.status()
    if status.is_seeding:
        print(f'complete: {status.total_wanted} bytes', flush=True)
        sys.exit(0)
    time.sleep(0.2)
print(f'timeout: progress {handle.status().progress:.2f}, peers {handle.status().num_peers}', flush=True)
sys.exit(1)
