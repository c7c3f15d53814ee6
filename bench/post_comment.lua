-- wrk script for the comment POST benchmark (bench/run.py sets the
-- environment): every request posts a comment with a unique body and
-- e-mail address; responses are counted by status. 302 is "accepted".
-- No CSRF token and no cookie: the comment form has none (the view checks
-- where a POST comes from, and wrk sends neither Origin nor Sec-Fetch-Site,
-- like any client that is no browser).
--
--   BENCH_PATH    the form's action, /artikel/<slug>/kommentar/
--   BENCH_TS      a signed timestamp from /kommentar/formular/, URL-encoded
--                 (used once)
--   BENCH_FORMS   a file of further signed timestamps, one a line: one form
--                 serves one comment, so every request takes its own
--   BENCH_THREADS wrk's thread count (threads take every n-th line)
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
   forms = {}
   for line in io.lines(os.getenv("BENCH_FORMS")) do
      forms[#forms + 1] = line
   end
   stride = tonumber(os.getenv("BENCH_THREADS")) or 1
   run = os.getenv("BENCH_RUN")
   prefix = os.getenv("BENCH_PREFIX")
   headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
   }
   sent = 0
   accepted = 0
   other = 0
   statuses = ""
end

function form_for(n)
   -- Thread i takes lines i, i + stride, i + 2 * stride ...; the fetched
   -- timestamp only when the file has run out (answered 400 when reused).
   local index = id + (n - 1) * stride
   return forms[index] or ts
end

function request()
   sent = sent + 1
   local n = id .. "-" .. sent
   local body = "name=Bench+Leserin&email=bench-" .. run .. "-" .. n .. "%40example.org"
      .. "&body=" .. prefix .. "+" .. run .. "+" .. n
      .. "+Ein+Kommentar+aus+dem+Lasttest.&website=&parent=&ts=" .. form_for(sent)
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
