# Sourced by .ci/run: starts the machine services the tests use when they are not running
# (PostgreSQL 5432, MariaDB 3306, Redis 6379), with the commands this machine kind documents.
llmsvc_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
llmsvc_wait_port() {
  for _ in $(seq 1 60); do llmsvc_port_open "$1" && return 0; sleep 1; done
  echo "ci: $2 did not come up on port $1" >&2; return 1
}
if ! llmsvc_port_open 5432; then
  echo "ci: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  llmsvc_wait_port 5432 PostgreSQL
fi
if ! llmsvc_port_open 3306; then
  echo "ci: starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  llmsvc_wait_port 3306 MariaDB
fi
if ! llmsvc_port_open 6379; then
  echo "ci: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  llmsvc_wait_port 6379 Redis
fi
