"""Access log lines as each provider's public documentation (or a real published log) shows them, for
the log readers' tests. Sources:
- Apache combined: httpd.apache.org/docs/current/logs.html#combined (the manual's own example line).
- nginx combined: an nginx default-format line as published in
  blog.csdn.net/sinat_16493273/article/details/137053453.
- Caddy JSON: a real Caddy v2 access line quoted in github.com/sandstorm/caddy-nats-bridge
  (logoutput test); shape as caddyserver.com/docs/caddyfile/directives/log documents.
- Amazon S3 server access log: docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html (example records).
- CloudFront standard log: the `#Version`/`#Fields` header of
  docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html and two real
  lines published at gist.github.com/QuinnyPig/cb77f0b0267a8dbb9f152b2e49f0e837.
"""

from __future__ import annotations

APACHE = (
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 '
    '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"'
)
NGINX = (
    '192.168.1.111 - - [26/Mar/2024:09:09:09 +0800] "GET /log HTTP/1.1" 200 0 "-" '
    '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"'
)
CADDY = (
    '{"level":"info","ts":1709835557.872107,"logger":"http.log.access.log0","msg":"handled request",'
    '"request":{"remote_ip":"127.0.0.1","remote_port":"50174","client_ip":"127.0.0.1","proto":"HTTP/1.1",'
    '"method":"GET","host":"localhost:8889","uri":"/test/hi","headers":{"User-Agent":["Go-http-client/1.1"],'
    '"Accept-Encoding":["gzip"]}},"bytes_read":0,"user_id":"","duration":0.000015458,"size":0,"status":200,'
    '"resp_headers":{"Server":["Caddy"],"Content-Type":[]}}'
)
S3 = [
    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be amzn-s3-demo-bucket1 "
    "[06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
    '3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" '
    '"S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 '
    "ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 "
    "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes us-east-1",
    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be amzn-s3-demo-bucket1 "
    "[06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
    '891CE47D2EXAMPLE REST.GET.LOGGING_STATUS - "GET /amzn-s3-demo-bucket1?logging HTTP/1.1" 200 - 242 - 11 - "-" '
    '"S3Console/0.4" - 9vKBE6vMhrNiWHZmb2L0mXOcqPGzQOI5XLnCtZNPxev+Hf+7tpT6sxDwDty4LHBUOZJG96N1234= SigV4 '
    "ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 - - us-east-1",
]
CLOUDFRONT_HEADER = [
    "#Version: 1.0",
    "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) "
    "cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes "
    "time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "
    "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end",
]
_CF_REAL = (
    "2020-12-10 02:42:28 IAD89-C3 335 3.92.144.159 HEAD dv5b3tnel772.cloudfront.net /rss/ecs-us-east-1.rss 200 - "
    "Slackbot%201.0%20(+https://api.slack.com/robots) - - Miss "
    "2kP01Cgw2cMXMKlogaJwkCt7MVHA8Flxtt_ncRESDd9POQpVWSM64w== stop.lying.cloud https 123 0.338 - TLSv1.2 "
    "ECDHE-RSA-AES128-GCM-SHA256 Miss HTTP/2.0 - - 61052 0.000 Miss application/rss+xml 2039 - -"
)
CLOUDFRONT = [_CF_REAL.replace(" ", "\t")]  # the gist shows the tabs as spaces; no field holds a space
