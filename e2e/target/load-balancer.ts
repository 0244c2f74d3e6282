/** Where the proxies in front of a target reach its app: the app's port, or the load balancer in front of its instances. */
export const LOAD_BALANCER_HOST = 'lb';

export const appUpstream = (target: { port: number; replicas?: number }) =>
  target.replicas === undefined ? `app-back:${target.port}` : `${LOAD_BALANCER_HOST}:80`;

/**
 * nginx in front of a target's instances (`replicas`), as a platform's load balancer would be:
 * round-robin, so each new stream, a reconnect included, goes to the next instance, and tuned for
 * SSE like infra/nginx/scale.conf. `app-back` names every instance: nginx uses each address it
 * resolves to.
 */
export function loadBalancerConf(port: number): string {
  return `# nginx load-balancing a target's instances (infra/target/replicas.yaml), written from its target file.
upstream target_instances {
  zone target_instances 64k;
  # Never taken out on nginx's own judgement: a restarting instance refuses, the request moves on at once.
  server app-back:${port} max_fails=0;
  keepalive 16;
}

server {
  listen 80;

  location / {
    proxy_pass http://target_instances;
    proxy_http_version 1.1;
    proxy_set_header Connection '';
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_buffering off;
    # Passed on, not taken for itself: the fronts before it (nginx at its defaults) must see the app's own.
    proxy_pass_header X-Accel-Buffering;
    proxy_cache off;
    proxy_read_timeout 1h;
    proxy_next_upstream error timeout http_502;
    proxy_connect_timeout 1s;
  }
}
`;
}
