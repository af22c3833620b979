"""A fake OpenAI-compatible server for the end-to-end tests: POST /v1/chat/completions answers a
fixed completion with fixed usage, whatever was asked. Nothing leaves the machine.

`fake_openai.py [port]` (0 or absent: any free port) listens on 127.0.0.1 and prints
{"port": N} on stdout once it accepts connections; it runs until killed.
"""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "gpt-4o-mini-2024-07-18"
ANSWER = "The capital of France is Paris."
USAGE = {"prompt_tokens": 19, "completion_tokens": 8, "total_tokens": 27}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self.reply(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
            return
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            self.reply(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
            return
        if request.get("stream"):
            self.reply(400, {"error": {"message": "streaming is not faked", "type": "invalid_request_error"}})
            return
        self.reply(200, {
            "id": "chatcmpl-fake-1",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": MODEL,
            "system_fingerprint": "fp_fake",
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": ANSWER, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }],
            "usage": USAGE,
        })

    def reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass  # keep stdout for the port line and stderr quiet


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
