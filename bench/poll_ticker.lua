-- wrk script for the live-ticker benchmark (bench/run.py sets the
-- environment): pollers as static/js/liveticker.js polls, each asking the
-- poll endpoint for the entries after the newest one it has
-- (live.json?nach=<id>) and moving on to the newest id of every answer's
-- "entries". So, as with readers, most requests go to the same few
-- addresses: the newest entry's, and the one before it while a new entry
-- is on its way. No pause between polls: the page waits 10 s, so each
-- connection stands for many readers.
--
--   BENCH_PATH     the poll endpoint, /artikel/<slug>/live.json
--   BENCH_NEWEST   the ticker's newest entry id when the run starts
--   BENCH_POLLERS  pollers per wrk thread (connections / threads)
--
-- Pollers start a few entries apart (poller n has the entries up to
-- newest - n, as readers who opened the page at different times), then
-- follow the newest id. wrk gives a response no handle to the request it
-- answers, so answers go to the pollers in the order the requests went out;
-- when two connections' answers cross, two pollers swap what they learnt
-- (only ever the id of an entry that exists).
--
-- At the end it prints, for each entry id, when (ms since the epoch) the
-- first poller got an answer with it: "BENCH-TICKER-SEEN <id> <ms>".

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local timespec = ffi.new("bench_timespec")
local CLOCK_REALTIME = 0

local function now_ms()
   ffi.C.clock_gettime(CLOCK_REALTIME, timespec)
   return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local threads = {}
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("id", next_id)
   table.insert(threads, thread)
end

function init(args)
   path = os.getenv("BENCH_PATH")
   local newest = tonumber(os.getenv("BENCH_NEWEST"))
   local per_thread = tonumber(os.getenv("BENCH_POLLERS")) or 1
   nach = {}
   for n = 1, per_thread do
      nach[n] = math.max(0, newest - ((id - 1) * per_thread + n - 1))
   end
   turn = 0
   queue = {}     -- pollers whose requests are out, oldest first
   head, tail = 1, 0
   seen = {}      -- entry id -> ms when this thread first got it
   polls = 0
   with_entries = 0
end

function request()
   turn = turn % #nach + 1
   tail = tail + 1
   queue[tail] = turn
   return wrk.format("GET", path .. "?nach=" .. nach[turn])
end

-- The ids of the answer's "entries" (the new ones): each entry starts with
-- {"id": N, "headline"; the list ends where the next key of the answer
-- starts ("changed", when the answer has it, else the end).
local function new_ids(body)
   local ids = {}
   local start = string.find(body, '"entries": [', 1, true)
   if not start then
      return ids
   end
   local stop = string.find(body, '], "changed": [', start, true) or #body
   local segment = string.sub(body, start, stop)
   for number in string.gmatch(segment, '{"id": (%d+), "headline"') do
      ids[#ids + 1] = tonumber(number)
   end
   return ids
end

function response(status, headers, body)
   local poller = nil
   if head <= tail then
      poller = queue[head]
      queue[head] = nil
      head = head + 1
   end
   polls = polls + 1
   if status ~= 200 then
      return
   end
   local ids = new_ids(body)
   if #ids > 0 then
      with_entries = with_entries + 1
      local now = now_ms()
      for _, entry in ipairs(ids) do
         if seen[entry] == nil then
            seen[entry] = now
         end
         if poller and entry > nach[poller] then
            nach[poller] = entry
         end
      end
   end
end

function done(summary, latency, requests)
   local first = {}
   local polls_total, with_entries_total = 0, 0
   for _, thread in ipairs(threads) do
      for entry, at in pairs(thread:get("seen")) do
         if first[entry] == nil or at < first[entry] then
            first[entry] = at
         end
      end
      polls_total = polls_total + thread:get("polls")
      with_entries_total = with_entries_total + thread:get("with_entries")
   end
   for entry, at in pairs(first) do
      io.write(string.format("BENCH-TICKER-SEEN %d %.1f\n", entry, at))
   end
   io.write(string.format("BENCH-TICKER-POLLS %d %d\n", polls_total, with_entries_total))
end
