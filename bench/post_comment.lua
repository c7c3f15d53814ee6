-- wrk script for the comment POST benchmark (bench/run.py sets the
-- environment): every request posts a comment with a unique body and
-- e-mail address; responses are counted by status. 302 is "accepted".
--
--   BENCH_PATH    the form's action, /artikel/<slug>/kommentar/
--   BENCH_TS      the signed timestamp from the form, URL-encoded
--   BENCH_TOKEN   the CSRF token from the form, URL-encoded
--   BENCH_COOKIE  the csrftoken cookie value
--   BENCH_RUN     a run id; bodies are "<BENCH_PREFIX> <run> <thread>-<n>"
--   BENCH_PREFIX  the body prefix (URL-encoded)

local threads = {}
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("id", next_id)
   table.insert(threads, thread)
end

function init(args)
   path = os.getenv("BENCH_PATH")
   ts = os.getenv("BENCH_TS")
   token = os.getenv("BENCH_TOKEN")
   run = os.getenv("BENCH_RUN")
   prefix = os.getenv("BENCH_PREFIX")
   headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. os.getenv("BENCH_COOKIE"),
   }
   sent = 0
   accepted = 0
   other = 0
   statuses = ""
end

function request()
   sent = sent + 1
   local n = id .. "-" .. sent
   local body = "name=Bench+Leserin&email=bench-" .. run .. "-" .. n .. "%40example.org"
      .. "&body=" .. prefix .. "+" .. run .. "+" .. n
      .. "+Ein+Kommentar+aus+dem+Lasttest.&website=&parent=&ts=" .. ts
      .. "&csrfmiddlewaretoken=" .. token
   return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
   if status == 302 then
      accepted = accepted + 1
   else
      other = other + 1
      if #statuses < 200 then
         statuses = statuses .. status .. " "
      end
   end
end

function done(summary, latency, requests)
   local a, o, s, st = 0, 0, 0, ""
   for _, thread in ipairs(threads) do
      a = a + thread:get("accepted")
      o = o + thread:get("other")
      s = s + thread:get("sent")
      st = st .. thread:get("statuses")
   end
   io.write(string.format("BENCH-POST sent=%d accepted=%d other=%d statuses=%s\n", s, a, o, st))
end
