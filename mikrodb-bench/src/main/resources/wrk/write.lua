-- wrk script: POST /write overwriting 200 keys of a users table.
-- Each thread formats its 200 requests once, in init, and sends them in turn (see get.lua for why).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local requests = {}
local counter = 0
init = function(args)
  for i = 1, 200 do
    requests[i] = wrk.format(nil, "/write", nil, '{"tableName":"users","key":"user' .. i .. '","value":{"name":"User","age":33,"email":"u@example.com","bio":"Lorem ipsum dolor sit amet, consectetur adipiscing elit"}}')
  end
end
request = function()
  counter = counter + 1
  return requests[counter % 200 + 1]
end
