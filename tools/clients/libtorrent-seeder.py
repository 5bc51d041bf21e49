"""Seeds one torrent with python3-libtorrent until stopped, finding peers ONLY through its tracker.

Usage: libtorrent-seeder.py <torrent> <dir holding the payload> <listen port>
DHT, local service discovery, UPnP/NAT-PMP and peer exchange are off, as in
libtorrent-leecher.py. Prints `seeding` once the payload is checked and every tracker alert
after it; SIGTERM or SIGINT removes the torrent and closes the session, so the tracker gets a
`stopped` announce.
"""
import signal
import sys
import time

import libtorrent as lt

torrent, save_dir, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
stopping = False


def describe(alert):
    # An HTTP tracker's failure text is in failure_reason(); for UDP error packets libtorrent
    # 2.0.8 keeps none (it reads the packet from its header, a NUL byte), so it prints ''.
    if isinstance(alert, lt.tracker_error_alert):
        return f'{alert.message()} reason={alert.failure_reason()!r} error={alert.error_message()!r}'
    return alert.message()


def stop(_signum, _frame):
    global stopping
    stopping = True


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)

session = lt.session({
    'listen_interfaces': f'127.0.0.1:{port}',
    'enable_dht': False,
    'enable_lsd': False,
    'enable_upnp': False,
    'enable_natpmp': False,
    'allow_multiple_connections_per_ip': True,
    'stop_tracker_timeout': 5,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification
    | lt.alert.category_t.status_notification,
})
flags = lt.torrent_flags.disable_dht | lt.torrent_flags.disable_lsd | lt.torrent_flags.disable_pex
handle = session.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save_dir, 'flags': flags})

announced_seeding = False
while not stopping:
    for alert in session.pop_alerts():
        print(f'alert: {describe(alert)}', flush=True)
    if not announced_seeding and handle.status().is_seeding:
        announced_seeding = True
        print('seeding', flush=True)
    time.sleep(0.2)

session.remove_torrent(handle)
time.sleep(0.5)
for alert in session.pop_alerts():
    print(f'alert: {describe(alert)}', flush=True)
del session
