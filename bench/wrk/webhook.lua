-- POST pre-signed Standard Webhooks deliveries from WEBHOOKS_FILE to PATH; every thread takes its own
-- lines, so no id is sent twice (a repeat would be a 409 replay). Stops sending new ids when they run out.
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end
function init(args)
  lines = {}
  local n = 0
  local total = tonumber(os.getenv("WRK_THREADS"))
  for line in io.lines(os.getenv("WEBHOOKS_FILE")) do
    n = n + 1
    if n % total == tid - 1 then lines[#lines + 1] = line end
  end
  i = 0
  path = os.getenv("PATH_TO")
end
request = function()
  i = i + 1
  local line = lines[((i - 1) % #lines) + 1]
  local id, ts, sig, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["webhook-id"] = id,
    ["webhook-timestamp"] = ts, ["webhook-signature"] = sig}, body)
end
