-- wrk script: POST /get by key over 200 keys written by write.lua (run write.lua first).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/get", nil, '{"tableName":"users","key":"user' .. (counter % 200 + 1) .. '"}')
end
