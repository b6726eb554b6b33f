-- wrk script: POST /get by key over 200 keys written by write.lua (run write.lua first).
-- Each thread formats its 200 requests once, in init, and sends them in turn: formatting one per request cost wrk
-- about 1 µs of CPU on the two cores it shares with the server, work nginx's static GET does not give it
-- (docs/benchmarks.md, thirtieth pass). The requests sent are byte for byte the ones formatted per request before.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local requests = {}
local counter = 0
init = function(args)
  for i = 1, 200 do
    requests[i] = wrk.format(nil, "/get", nil, '{"tableName":"users","key":"user' .. i .. '"}')
  end
end
request = function()
  counter = counter + 1
  return requests[counter % 200 + 1]
end
