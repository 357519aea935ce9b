// correct: no errors and no warnings expected from any tool
module priority_enc(input [3:0] req, output reg [1:0] idx, output reg valid);
  always @(*) begin
    valid = 1'b1;
    if (req[3]) idx = 2'd3;
    else if (req[2]) idx = 2'd2;
    else if (req[1]) idx = 2'd1;
    else begin
      idx = 2'd0;
      valid = req[0];
    end
  end
endmodule
